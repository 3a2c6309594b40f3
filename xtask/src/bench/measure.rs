//! Whole-process measurements: wall time, from a blocking `wait4`, and the
//! child's own peak memory, polled from `VmHWM` in `/proc/<pid>/status` in
//! a separate run. (`ru_maxrss` would count the parent's memory: a spawned
//! child shares it until `exec`, and Linux keeps that high-water mark.)

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of a command.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set size, in KiB.
    pub peak_kib: u64,
}

/// Medians over repeated runs.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    pub peak_kib: u64,
    pub runs: usize,
}

/// Runs `command` once, its output discarded; an error says what failed,
/// with the first line of its standard error. With `poll_memory`, the
/// child's peak memory is polled while it runs (which blurs the time a
/// little, so timed runs do not poll).
pub fn run_once(command: &mut Command, poll_memory: bool) -> Result<Run, String> {
    let describe = format!("{command:?}");
    let stderr_file = tempfile_path();
    let stderr = std::fs::File::create(&stderr_file).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("{describe}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let (status, peak_kib) = if poll_memory {
        wait_polling_peak(pid)?
    } else {
        (wait(pid, 0)?.expect("a blocking wait returns the child"), 0)
    };
    let wall = start.elapsed();
    let errors = std::fs::read_to_string(&stderr_file).unwrap_or_default();
    let _ = std::fs::remove_file(&stderr_file);
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let first = errors
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(format!("failed: {}", first.trim()));
    }
    Ok(Run { wall, peak_kib })
}

/// The median wall time of `runs` runs, and the peak memory of one more.
pub fn sample(runs: usize, mut command: impl FnMut() -> Command) -> Result<Sample, String> {
    let wall = median_wall(runs, &mut command)?;
    let peak_kib = run_once(&mut command(), true)?.peak_kib;
    Ok(Sample {
        wall,
        peak_kib,
        runs: runs.max(1),
    })
}

/// The median wall time of `runs` runs, without a memory run.
pub fn median_wall(runs: usize, mut command: impl FnMut() -> Command) -> Result<Duration, String> {
    let mut walls = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        walls.push(run_once(&mut command(), false)?.wall);
    }
    walls.sort();
    Ok(walls[walls.len() / 2])
}

/// The median of `runs` timings of `f`, in this process.
pub fn in_process(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// `waitpid` with `flags`; `None` when WNOHANG finds it still running.
fn wait(pid: libc::pid_t, flags: i32) -> Result<Option<i32>, String> {
    let mut status = 0;
    loop {
        // SAFETY: `pid` is a child of this process that nothing else waits
        // for, and `status` outlives the call.
        let waited = unsafe { libc::waitpid(pid, &mut status, flags) };
        if waited == pid {
            return Ok(Some(status));
        }
        if waited == 0 {
            return Ok(None);
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("waitpid: {err}"));
        }
    }
}

/// Waits for the child, reading its `VmHWM` (peak resident set, KiB) every
/// millisecond; the last reading before it exits is its peak.
fn wait_polling_peak(pid: libc::pid_t) -> Result<(i32, u64), String> {
    let status_path = format!("/proc/{pid}/status");
    let mut peak = 0;
    loop {
        if let Some(found) = std::fs::read_to_string(&status_path)
            .ok()
            .as_deref()
            .and_then(vm_hwm_kib)
        {
            peak = peak.max(found);
        }
        if let Some(status) = wait(pid, libc::WNOHANG)? {
            return Ok((status, peak));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn vm_hwm_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn tempfile_path() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "xtask-bench-{}-{}.stderr",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}
