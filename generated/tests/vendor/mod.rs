//! The vendors' Python SDKs, as installed by `.ci/run` (PyPI:
//! alibabacloud-tea-openapi, alibabacloud-aiworkspace20210204,
//! huaweicloudsdkcore, huaweicloudsdkworkspace, huaweicloudsdkmodelarts).
//! Tests run the vendors' own code through them; nothing they compute is
//! pasted into a test.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The Python with the vendor SDKs: `VENDOR_PYTHON`, else the virtualenv
/// `.ci/run` creates. `None` (the test is skipped, saying so) only outside
/// CI; in CI a missing SDK fails the test.
pub fn python() -> Option<PathBuf> {
    let path = std::env::var_os("VENDOR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/ci-tools/venv/bin/python")
        });
    let usable = Command::new(&path)
        .args([
            "-c",
            "import alibabacloud_tea_openapi, alibabacloud_aiworkspace20210204, huaweicloudsdkcore, huaweicloudsdkmodelarts, huaweicloudsdkworkspace",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if usable {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the vendor SDKs are not installed at {} (set VENDOR_PYTHON)",
        path.display()
    );
    eprintln!(
        "skipped: the vendor SDKs are not installed at {} (run .ci/run, or set VENDOR_PYTHON)",
        path.display()
    );
    None
}

/// Runs `script` (a file beside this one) with `args`, `input` on stdin
/// and `envs` set; its stdout.
pub fn run(
    python: &std::path::Path,
    script: &str,
    input: &str,
    args: &[&str],
    envs: &[(&str, String)],
) -> String {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vendor")
        .join(script);
    let mut child = Command::new(python)
        .arg(&script)
        .args(args)
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("python output");
    assert!(
        output.status.success(),
        "{} failed:\n{}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}
