#!/usr/bin/env python3
"""browser: majlis and Chromium side by side on the same lobby (issue 12's "Prove it").

    python3 bench/browser.py [--majlis build/majlis] [--chromium chromium] [--seconds 10] [--repeat 3]

A benchmark, not a test: it prints `name: value` lines. Everything runs under one private Xvfb
at 1920x1080x24, one program at a time, each on the same page:

  majlis    `majlis --window 1920x1080 --at 2025-10-09T12:50` on the demo content (its ticker
            scrolls until 13:00); the static lobby is `--at 2025-10-09T07:00` (only the clock
            changes, once a minute).
  Chromium  `chromium --kiosk` on bench/data/lobby-1250.html, the same lobby as a web page (its
            header says how it matches), its ticker a CSS-animated transform at majlis's speed;
            the static lobby is the same page with its ticker standing still (#static).
            Flags: CHROMIUM_FLAGS below. There is no GPU: Chromium composites in software, as it
            does on such a machine; majlis draws through Mesa's llvmpipe.

For each, once it shows the page and has settled (majlis: 2 s after its log line "first frame
drawn"; Chromium: 5 s after its start, the page being a local file), over --seconds seconds:
  *_ticker_cpu_percent, *_idle_cpu_percent   CPU (utime + stime from /proc, all threads) of the
            whole process tree (Chromium's browser, zygotes, renderer, GPU and utility processes),
            in % of one core; *_xvfb_cpu_percent the X server's meanwhile (what presenting costs).
  *_pss_mb  PSS (smaps_rollup) of the process tree plus the Xvfb, in the ticker's steady state
            (PSS splits shared pages among the processes mapping them: other programs using
            the same libraries meanwhile, such as other majlis processes, lower it).
  *_render_png_ms   startup: the whole process from exec to a 1920x1080 PNG of the lobby written
            (`majlis render --screen lobby --at ...` / `chromium --headless --screenshot`),
            median of --repeat runs.
Ratios are majlis / Chromium: issue 12's goals are ticker_cpu_ratio <= 1/3, pss_ratio <= 0.25,
render_png_ratio <= 0.25. Each CPU figure is the median of --repeat windows; the two programs
alternate, so a neighbour's load falls on both.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(ROOT, "bench", "data", "lobby-1250.html")
TICKER_AT, IDLE_AT = "2025-10-09T12:50", "2025-10-09T07:00"
# Kiosk mode, no sandbox (the bench may run as root, where Chromium refuses its sandbox), no
# first-run dialogs, no background networking; nothing about GL: Chromium picks its own software
# path without a GPU.
CHROMIUM_FLAGS = ["--kiosk", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
                  "--noerrdialogs", "--disable-infobars", "--disable-sync", "--disable-background-networking",
                  "--disable-component-update", "--password-store=basic", "--window-position=0,0",
                  "--window-size=1920,1080"]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """utime + stime of a process (fields 14, 15 of /proc/PID/stat); None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return int(rest[11]) + int(rest[12])
    except (OSError, IndexError):
        return None


def tree(pid):
    """pid and all its descendants, by the parent field of /proc/*/stat."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(c for c, pp in parent.items() if pp == p)
    return out


def tree_ticks(pid):
    return {p: t for p in tree(pid) if (t := cpu_ticks(p)) is not None}


def pss_mb(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(pid, xvfb, seconds):
    """CPU % of pid's tree and of the X server over `seconds`, and PSS (tree + X server) after.
    A process that starts meanwhile counts all its CPU; one that ends loses its share."""
    before, xb = tree_ticks(pid), cpu_ticks(xvfb)
    t0 = time.monotonic()
    time.sleep(seconds)
    after, xa = tree_ticks(pid), cpu_ticks(xvfb)
    wall = time.monotonic() - t0
    used = sum(t - before.get(p, 0) for p, t in after.items())
    return (100.0 * used / TICK / wall, 100.0 * (xa - xb) / TICK / wall, pss_mb(list(after) + [xvfb]))


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run_majlis(args, env, at, xvfb):
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([args.majlis, "--window", "1920x1080", "--at", at], env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            log.seek(0)
            if b"first frame drawn" in log.read():
                break
            time.sleep(0.02)
        else:
            log.seek(0)
            sys.exit("browser: majlis drew no first frame:\n" + log.read().decode(errors="replace"))
        time.sleep(2)
        return measure(proc.pid, xvfb, args.seconds)
    finally:
        stop(proc)


def run_chromium(args, env, url, xvfb):
    profile = tempfile.mkdtemp(prefix="majlis-bench-chromium-")
    proc = subprocess.Popen([args.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(5)  # started, the page loaded and drawn, settled
        if proc.poll() is not None:
            sys.exit("browser: chromium exited at start")
        return measure(proc.pid, xvfb, args.seconds)
    finally:
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def render_png_ms(cmd, env, out):
    if os.path.exists(out):
        os.unlink(out)
    t0 = time.monotonic()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    ms = 1000 * (time.monotonic() - t0)
    if not os.path.getsize(out):
        sys.exit(f"browser: {cmd[0]} wrote no PNG")
    return ms


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--majlis", default=os.path.join(ROOT, "build", "majlis"))
    ap.add_argument("--chromium", default="chromium")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    # Xvfb picks a free display itself (-displayfd) and says which once it accepts clients.
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stderr=subprocess.DEVNULL, start_new_session=True, pass_fds=[write_end])
    os.close(write_end)
    with os.fdopen(read_end) as f:
        number = f.readline().strip()
    if not number:
        sys.exit("browser: Xvfb did not start")
    display = ":" + number
    env = dict(os.environ, DISPLAY=display, MAJLIS_DATA_DIR=ROOT)
    url = "file://" + PAGE
    print(f"browser: one Xvfb {display} at 1920x1080x24, {args.seconds:g} s windows, median of {args.repeat}")
    try:
        figures = {}
        for name in ("ticker", "idle"):
            m, c = [], []
            for _ in range(args.repeat):
                m.append(run_majlis(args, env, TICKER_AT if name == "ticker" else IDLE_AT, xvfb.pid))
                c.append(run_chromium(args, env, url if name == "ticker" else url + "#static", xvfb.pid))
            for who, runs in (("majlis", m), ("chromium", c)):
                figures[f"{who}_{name}_cpu_percent"] = statistics.median(r[0] for r in runs)
                figures[f"{who}_{name}_xvfb_cpu_percent"] = statistics.median(r[1] for r in runs)
                if name == "ticker":
                    figures[f"{who}_pss_mb"] = statistics.median(r[2] for r in runs)
        with tempfile.TemporaryDirectory() as tmp:
            m_png, c_png = os.path.join(tmp, "majlis.png"), os.path.join(tmp, "screenshot.png")
            profile = os.path.join(tmp, "profile")
            headless_env = {k: v for k, v in env.items() if k != "DISPLAY"}
            m_cmd = [args.majlis, "render", "--screen", "lobby", "--at", TICKER_AT, "--size", "1920x1080", "-o", m_png]
            c_cmd = [args.chromium, "--headless", "--no-sandbox", "--hide-scrollbars", f"--user-data-dir={profile}",
                     "--window-size=1920,1080", f"--screenshot={c_png}", url + "#static"]
            render_png_ms(c_cmd, headless_env, c_png)  # the profile made once, outside the timing
            m_ms, c_ms = [], []
            for _ in range(args.repeat):
                m_ms.append(render_png_ms(m_cmd, headless_env, m_png))
                c_ms.append(render_png_ms(c_cmd, headless_env, c_png))
            figures["majlis_render_png_ms"] = statistics.median(m_ms)
            figures["chromium_render_png_ms"] = statistics.median(c_ms)
    finally:
        stop(xvfb)

    for k in ["majlis_ticker_cpu_percent", "majlis_ticker_xvfb_cpu_percent", "chromium_ticker_cpu_percent",
              "chromium_ticker_xvfb_cpu_percent", "majlis_idle_cpu_percent", "majlis_idle_xvfb_cpu_percent",
              "chromium_idle_cpu_percent", "chromium_idle_xvfb_cpu_percent"]:
        print(f"{k}: {figures[k]:.2f}")
    print(f"ticker_cpu_ratio: {figures['majlis_ticker_cpu_percent'] / figures['chromium_ticker_cpu_percent']:.3f}")
    both = lambda who: figures[f"{who}_ticker_cpu_percent"] + figures[f"{who}_ticker_xvfb_cpu_percent"]
    print(f"ticker_cpu_with_xvfb_ratio: {both('majlis') / both('chromium'):.3f}")
    print("target_ticker_cpu_ratio: 0.333")
    print(f"majlis_pss_mb: {figures['majlis_pss_mb']:.1f}")
    print(f"chromium_pss_mb: {figures['chromium_pss_mb']:.1f}")
    print(f"pss_ratio: {figures['majlis_pss_mb'] / figures['chromium_pss_mb']:.3f}")
    print("target_pss_ratio: 0.25")
    print(f"majlis_render_png_ms: {figures['majlis_render_png_ms']:.0f}")
    print(f"chromium_render_png_ms: {figures['chromium_render_png_ms']:.0f}")
    print(f"render_png_ratio: {figures['majlis_render_png_ms'] / figures['chromium_render_png_ms']:.3f}")
    print("target_render_png_ratio: 0.25")


if __name__ == "__main__":
    main()
