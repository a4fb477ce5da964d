// Heap memory of a process that runs for weeks.
//
// glibc's malloc gives memory back to the system only from the top of its heap, and it moves
// large blocks onto the heap as it goes: each time a block it had mapped on its own (at least
// 128 KiB at start) is freed, it raises that threshold to the block's size, up to 32 MiB. A
// player frees such blocks every frame (Mesa's copies of the frame's vertex buffers, decoded
// pictures, files read whole), so after a few hours they all come from the heap, and the holes
// they leave between longer-lived blocks stay in the process for good: the soak (bench/soak)
// measured a kiosk at 30 MiB more after a simulated day than after its first hour, with only
// 14 MiB more in use.
//
//   keep_heap_compact()   once, before the first frame (run_window and render_png call it):
//                         fixes the threshold at 256 KiB, so large blocks keep their own
//                         mappings and go back to the system when freed, and the trim
//                         threshold at 512 KiB (glibc raises it with the other).
//   return_free_memory()  gives back the free pages inside the heap (malloc_trim). Called when a
//                         new version of the content is on screen, when the old version's texts,
//                         layouts and pictures have just been let go. A few milliseconds at most.
//
// Both do nothing on a C library other than glibc.
#pragma once

namespace majlis::platform {

void keep_heap_compact();
void return_free_memory();

}  // namespace majlis::platform
