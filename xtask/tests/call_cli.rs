//! `cargo xtask call` against `mock --verify-signatures`: all five
//! operations exit 0 with the right environment variables; a wrong secret
//! exits 1 with the vendor's error code; wrong arguments exit 2 and list
//! the spec's operations.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const ENV: [(&str, &str); 5] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tCallTest"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "alibaba-call-secret"),
    ("HUAWEICLOUD_SDK_AK", "HPUACALLTEST"),
    ("HUAWEICLOUD_SDK_SK", "huawei-call-secret"),
    ("HUAWEICLOUD_SDK_PROJECT_ID", "0a1b2c3d"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The mock, killed when dropped.
struct Mock {
    child: Child,
    base_url: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_mock() -> Mock {
    // Built first, then run directly, so the test owns its process.
    let build = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "generated",
            "--features",
            "cli",
            "--bins",
        ])
        .current_dir(root())
        .status()
        .unwrap();
    assert!(build.success());
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_xtask")).parent().unwrap();
    let mut child = Command::new(bin_dir.join("mock"))
        .args(["--port", "0", "--verify-signatures"])
        .envs(ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base_url = line
        .trim()
        .strip_prefix("mock listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Mock { child, base_url }
}

fn call(mock: &Mock, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("call")
        .args(args)
        .args(["--base-url", &mock.base_url])
        .envs(ENV)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .unwrap()
}

const CALLS: [&[&str]; 5] = [
    &[
        "alibaba-pai-workspace",
        "CreateWorkspace",
        "--body",
        r#"{"WorkspaceName":"workspace_1","Description":"d","EnvTypes":["prod"]}"#,
    ],
    &[
        "alibaba-pai-workspace",
        "CreateWorkspaceResource",
        "--path",
        "WorkspaceId=123",
        "--body",
        r#"{"Option":"CreateAndAttach","Resources":[{"Name":"ResourceName","EnvType":"prod","WorkspaceId":"123","GroupName":"g","ResourceType":"ECS"}]}"#,
    ],
    &[
        "alibaba_pai_workspace",
        "DeleteWorkspaceResource",
        "--path",
        "WorkspaceId=123",
        "--query",
        "ResourceIds=a,b",
    ],
    &[
        "huawei-modelarts",
        "DeleteWorkspace",
        "--path",
        "workspace_id=w1",
    ],
    &[
        "huawei-workspace",
        "DeleteDesktopSubResources",
        "--body",
        r#"{"desktop_ids":["d1"],"sub_resource_type":"DESKTOP_SHARER"}"#,
    ],
];

#[test]
fn call_reaches_the_verifying_mock_and_reports_errors() {
    let mock = start_mock();
    for args in CALLS {
        let output = call(&mock, &[], args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let (status, body) = stdout.split_once('\n').unwrap();
        assert_eq!(status, "200", "{args:?}");
        let _: serde_json::Value = serde_json::from_str(body).expect("the body prints as JSON");
    }

    let wrong_alibaba = [("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong")];
    let output = call(&mock, &wrong_alibaba, CALLS[2]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SignatureDoesNotMatch"), "{stderr}");

    let wrong_huawei = [("HUAWEICLOUD_SDK_SK", "wrong")];
    let output = call(&mock, &wrong_huawei, CALLS[3]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("APIGW.0301"), "{stderr}");

    // A missing credential names the variables.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "call",
            "huawei-modelarts",
            "DeleteWorkspace",
            "--path",
            "workspace_id=w",
        ])
        .args(["--base-url", &mock.base_url])
        .env_remove("HUAWEICLOUD_SDK_AK")
        .env_remove("HUAWEICLOUD_SDK_SK")
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"),
        "{stderr}"
    );
}

#[test]
fn wrong_arguments_exit_2_and_list_the_operations() {
    let mock = start_mock();
    for (args, expected) in [
        (
            &["alibaba-pai-workspace", "Nope"][..],
            "DeleteWorkspaceResource (DELETE",
        ),
        (&["nope", "CreateWorkspace"][..], "no spec named"),
        (
            &[
                "alibaba-pai-workspace",
                "DeleteWorkspaceResource",
                "--path",
                "WorkspaceId=1",
                "--query",
                "Option=Nope",
            ][..],
            "query/Option",
        ),
        (
            &["huawei-modelarts", "DeleteWorkspace"][..],
            "--path workspace_id=VALUE",
        ),
        (
            &["alibaba-pai-workspace", "CreateWorkspace", "--body", "{"][..],
            "body",
        ),
    ] {
        let output = call(&mock, &[], args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(
            stderr.contains("usage: cargo xtask call"),
            "{args:?}: {stderr}"
        );
    }
}
