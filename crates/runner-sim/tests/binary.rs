//! The binary: its start line, `--help`, and a clean exit on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn help_lists_every_option() {
    let output = Command::new(env!("CARGO_BIN_EXE_runner-sim"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--addr",
        "--stop-delay-ms",
        "--kill-delay-ms",
        "--pending-ms",
        "--initializing-ms",
        "--token-lifetime-secs",
        "--shape",
        "--faults",
        "--cors-origin",
        "--scenario",
        "--static",
        "--csp",
        "--seed",
    ] {
        assert!(help.contains(option), "{option} missing from --help");
    }
}

#[test]
fn prints_the_start_line_and_exits_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_runner-sim"))
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .strip_prefix("runner-sim listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected start line {first:?}"));
    assert!(addr.parse::<u16>().unwrap() > 0);
    let second = lines.next().unwrap().unwrap();
    assert_eq!(
        second,
        "demo credentials: user=demo password=demo account=XXXX job=1111505e-6773-494a-b2bf-d2cc2684710d execution=44fdcfa2-6a7f-46d3-9f71-22e629e2358a"
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "exit status {exit:?}");
}
