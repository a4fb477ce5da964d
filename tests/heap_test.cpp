// platform/heap.h: the heap policy a player keeps for weeks (glibc's malloc).
#include "heap.h"

#include <gtest/gtest.h>

#include <malloc.h>

#include <cstdlib>
#include <cstring>

using namespace majlis;

// Without the fixed threshold, glibc raises its mmap threshold to the size of a freed mapped
// block: the 1 MiB block after a freed 8 MiB one would come from the heap, and the holes such
// blocks leave stay in the process (bench/soak measured it). With it, the block is a mapping
// of its own, given back when freed.
TEST(Heap, LargeBlocksKeepTheirOwnMappingAfterALargerOneIsFreed) {
    platform::keep_heap_compact();
    void* large = std::malloc(size_t(8) << 20);
    ASSERT_NE(large, nullptr);
    std::memset(large, 1, 4096);
    std::free(large);
    const size_t mapped_before = mallinfo2().hblks;
    void* block = std::malloc(size_t(1) << 20);
    ASSERT_NE(block, nullptr);
    EXPECT_EQ(mallinfo2().hblks, mapped_before + 1);
    std::free(block);
    EXPECT_EQ(mallinfo2().hblks, mapped_before);
}

// Free pages inside the heap go back: 64 MiB of small blocks, all but the last freed (it keeps
// the heap's top in place, so only the trim can give the pages below it back).
TEST(Heap, ReturnFreeMemoryGivesBackFreePagesBelowALiveBlock) {
    platform::keep_heap_compact();
    constexpr int kBlocks = 64 * 1024;
    static void* blocks[kBlocks];
    for (void*& b : blocks) {
        b = std::malloc(1000);
        std::memset(b, 1, 1000);
    }
    for (int i = 0; i + 1 < kBlocks; ++i) std::free(blocks[i]);
    const size_t free_before = mallinfo2().fordblks;
    ASSERT_GT(free_before, size_t(32) << 20);
    const auto resident_kib = [] {
        FILE* f = std::fopen("/proc/self/statm", "r");
        long pages = 0, resident = 0;
        if (f) {
            if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
            std::fclose(f);
        }
        return resident * 4;
    };
    const long before = resident_kib();
    platform::return_free_memory();
    const long after = resident_kib();
    EXPECT_LT(after, before - 32 * 1024) << "resident KiB before " << before << ", after " << after;
    std::free(blocks[kBlocks - 1]);
}
