//! The every-party and every-contract products on a synthetic chain (issue 10): written one
//! party or contract at a time, with the same content as one party's or contract's output.

use std::path::{Path, PathBuf};

use crate::common::rolemap;

/// A synthetic chain of `parties` parties as a JSON model in `dir`.
fn chain(dir: &Path, parties: usize) -> PathBuf {
    let v = rolemap::synth::generate(rolemap::synth::SynthOptions { parties, seed: 7 });
    let p = dir.join("chain.json");
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p
}

fn ok(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = rolemap().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn a_csv_folder_holds_each_partys_own_checklist() {
    let tmp = tempfile::tempdir().unwrap();
    let model = chain(tmp.path(), 60);
    let dir = tmp.path().join("out");
    // An existing folder with a file of its own: kept, the party files added beside it.
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    ok(&[
        "checklist".as_ref(),
        model.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 61, "{names:?}");
    assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"mine");
    let mut rows = 0;
    for i in [0usize, 1, 17, 59] {
        let id = format!("p{i}");
        let one = ok(&[
            "checklist".as_ref(),
            model.as_os_str(),
            "--party".as_ref(),
            id.as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
        ]);
        let file = std::fs::read(dir.join(format!("{id}.csv"))).unwrap();
        assert_eq!(file, one, "{id}");
        rows += file.iter().filter(|&&b| b == b'\n').count();
    }
    assert!(rows > 8, "the files hold rows: {rows}");
    // Nothing staged is left behind, beside the folder or in it.
    for d in [tmp.path(), dir.as_path()] {
        for e in std::fs::read_dir(d).unwrap() {
            let n = e.unwrap().file_name().into_string().unwrap();
            assert!(!n.starts_with(".rolemap"), "{n} left in {}", d.display());
        }
    }
}
