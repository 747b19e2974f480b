//! Temporary files and whole outputs: fresh random names, concurrent writers, stale and
//! killed runs' leftovers, failed writes and folder outputs that leave nothing half-written.

use super::*;

/// Attack 1: the temporary file has an unpredictable, short name, is a regular file created by
/// this run (never a planted symlink), and two runs never use the same name.
#[test]
fn temporary_files_are_fresh_random_and_short() {
    let (dir, _) = setup();
    let out = dir.path().join("o".repeat(200) + ".json");
    let mut seen = Vec::new();
    for _ in 0..2 {
        rolemap::output::write_atomic_with(&out, &[], |w| {
            let temps: Vec<PathBuf> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| rolemap::output::is_temp_name(p.file_name().unwrap()))
                .collect();
            assert_eq!(temps.len(), 1, "{temps:?}");
            let meta = fs::symlink_metadata(&temps[0]).unwrap();
            assert!(meta.file_type().is_file(), "a regular file, not a link");
            let name = temps[0].file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.len() <= 40, "short whatever the target: {name}");
            seen.push(name);
            w.write_all(b"{}")
        })
        .unwrap();
    }
    assert_ne!(seen[0], seen[1], "unpredictable names");
    assert_eq!(fs::read_to_string(&out).unwrap(), "{}");
    assert!(leftovers(dir.path()).is_empty());
}

/// Attack 2: eight writers of the same file at once, four rounds: the file is valid JSON every
/// time, and nothing is left behind.
#[test]
fn concurrent_writers_all_leave_valid_output() {
    let (dir, _) = setup();
    for round in 0..4 {
        let children: Vec<_> = (0..8)
            .map(|_| {
                std_cmd(dir.path())
                    .args(["check", "m.ron", "--format", "json", "-o", "same.json"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.code().unwrap() < 2,
                "round {round}: {}",
                stderr(&o)
            );
        }
        let text = fs::read_to_string(dir.path().join("same.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("round {round}: invalid JSON: {e}"));
        assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }
}

/// Attack 4: leftovers of killed runs are removed by the next run into the same folder, and
/// only they: not a live writer's (its lock is held), not a fresh one, not a symlink, not a
/// file that merely looks similar.
#[test]
fn stale_temporaries_are_removed_and_only_they() {
    let (dir, _) = setup();
    let d = dir.path();
    let old = SystemTime::now() - Duration::from_secs(3600);
    let set_old = |p: &Path| {
        // Setting a time needs ownership, not write access: this works on folders too.
        fs::File::open(p).unwrap().set_modified(old).unwrap();
    };
    // A killed run's file and staging folder.
    let dead_file = d.join(".rolemap-4000001-aB3dE9.tmp");
    fs::write(&dead_file, vec![b'x'; 100_000]).unwrap();
    set_old(&dead_file);
    let dead_dir = d.join(".rolemap-4000001-zz99ZZ.d");
    fs::create_dir(&dead_dir).unwrap();
    fs::write(dead_dir.join("a.csv"), "x").unwrap();
    set_old(&dead_dir);
    // A live writer's file: old, but locked by this process.
    let live = d.join(".rolemap-4000002-LiVe00.tmp");
    fs::write(&live, "x").unwrap();
    set_old(&live);
    let lock = fs::File::open(&live).unwrap();
    lock.lock().unwrap();
    // A fresh file (its writer may not have locked it yet), a symlink and look-alikes.
    let fresh = d.join(".rolemap-4000003-fresh0.tmp");
    fs::write(&fresh, "x").unwrap();
    let link = d.join(".rolemap-4000004-linkkk.tmp");
    symlink("m.ron", &link).unwrap();
    let similar = d.join(".rolemap-notes.tmp");
    fs::write(&similar, "x").unwrap();
    set_old(&similar);

    let o = run(d, &["check", "m.ron", "--format", "json", "-o", "out.json"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(!dead_file.exists(), "a killed run's file is removed");
    assert!(
        !dead_dir.exists(),
        "a killed run's staging folder is removed"
    );
    for kept in [&live, &fresh, &similar] {
        assert!(kept.exists(), "{} is kept", kept.display());
    }
    assert!(
        fs::symlink_metadata(&link).is_ok(),
        "a symlink is never removed"
    );
    assert_eq!(fs::read_to_string(d.join("m.ron")).unwrap(), MODEL);
    drop(lock);
}

/// A write that fails half-way keeps the old file and leaves no temporary file behind (a
/// killed run's leftovers are the case above).
#[test]
fn a_failed_write_leaves_nothing() {
    let (dir, _) = setup();
    let out = dir.path().join("out.json");
    fs::write(&out, "old").unwrap();
    let err = rolemap::output::write_atomic_with(&out, &[], |w| {
        w.write_all(b"partial")?;
        Err(std::io::Error::other("disk on fire"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("disk on fire"), "{err}");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "old",
        "the old file is kept"
    );
    assert!(leftovers(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

/// A model whose parties have the given ids.
fn model_with_ids(ids: &[String]) -> String {
    let mut parties = String::new();
    for (i, id) in ids.iter().enumerate() {
        let division = if i == 0 { "Customer" } else { "Provider" };
        let operates = if i == 0 { ", operates: true" } else { "" };
        parties.push_str(&format!(
            "        {id:?}: (name: \"P{i}\", division: {division}{operates}),\n"
        ));
    }
    let mut contracts = String::new();
    for (i, id) in ids.iter().enumerate().skip(1) {
        contracts.push_str(&format!(
            "(id: \"c{i}\", client: {:?}, contractor: {id:?}, kind: Development, security_terms: true),",
            ids[0]
        ));
    }
    format!(
        "(\n    name: \"ids\",\n    parties: {{\n{parties}    }},\n    contracts: [{contracts}],\n)"
    )
}

/// Attack 5: a CSV checklist folder is written as a whole: ids of 60 four-byte letters make
/// names within the limit; when one file cannot be placed (a folder has its name), no file is
/// written and nothing is left over; a new folder appears in one piece.
#[test]
fn folder_outputs_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ids = vec![
        "owner".to_string(),
        "𝐀".repeat(60),
        "日".repeat(80),
        "vendor".to_string(),
    ];
    fs::write(d.join("m.ron"), model_with_ids(&ids)).unwrap();

    let o = run(
        d,
        &["checklist", "m.ron", "--format", "csv", "-o", "new/deeper"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = names(&d.join("new/deeper"));
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(
        written
            .iter()
            .all(|n| n.len() <= 255 && n.ends_with(".csv"))
    );
    assert!(
        leftovers(&d.join("new")).is_empty(),
        "{:?}",
        names(&d.join("new"))
    );

    // An existing folder where one name is taken by a folder: nothing is written.
    fs::create_dir(d.join("out")).unwrap();
    fs::write(d.join("out/keep.txt"), "mine").unwrap();
    fs::create_dir(d.join("out/vendor.csv")).unwrap();
    let o = run(d, &["checklist", "m.ron", "--format", "csv", "-o", "out"]);
    refused(&o, "is a folder");
    assert_eq!(names(&d.join("out")), ["keep.txt", "vendor.csv"]);
    assert!(
        fs::read_dir(d.join("out/vendor.csv"))
            .unwrap()
            .next()
            .is_none()
    );

    // Once the way is clear, every file is written and the others are kept.
    fs::remove_dir(d.join("out/vendor.csv")).unwrap();
    let o = run(d, &["checklist", "m.ron", "--format", "csv", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(&d.join("out")).len(), 5);
    assert_eq!(fs::read_to_string(d.join("out/keep.txt")).unwrap(), "mine");
    assert!(leftovers(&d.join("out")).is_empty());

    // `-o -` is standard output, never a folder nor a file named `-`: every party in one CSV.
    let o = run(d, &["checklist", "m.ron", "--format", "csv", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("party,requirement,id,"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("\nvendor,"), "{}", stdout(&o));
    assert!(!d.join("-").exists());
}

/// `man --dir` writes every page, staged like the checklist folder.
#[test]
fn man_pages_are_written_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["man", "--dir", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pages = names(dir.path());
    assert!(pages.contains(&"rolemap.1".to_string()), "{pages:?}");
    assert!(pages.contains(&"rolemap-check.1".to_string()), "{pages:?}");
    assert!(
        pages.contains(&"rolemap-export-oscal.1".to_string()),
        "{pages:?}"
    );
    assert!(pages.iter().all(|p| p.ends_with(".1")), "{pages:?}");
    let main = fs::read_to_string(dir.path().join("rolemap.1")).unwrap();
    assert!(main.starts_with(".ie"), "{main}");
}

/// Attack 4, end to end: a real run killed (SIGKILL) while it writes a large output leaves its
/// temporary file, unlocked (the kernel drops a dead writer's lock); once it is a minute old,
/// the next run into the folder removes it. The test waits for the temporary file to appear,
/// never for a time; if a run finishes before it is seen, a larger chain is tried.
#[test]
fn a_killed_run_is_cleaned_up_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut parties = 20_000;
    let leftover = loop {
        assert!(parties <= 160_000, "never caught a run while it wrote");
        let model = rolemap::synth::generate(rolemap::synth::SynthOptions { parties, seed: 1 });
        fs::write(d.join("big.json"), serde_json::to_string(&model).unwrap()).unwrap();
        let mut child = std_cmd(d)
            .args(["check", "big.json", "--format", "json", "-o", "out.json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let seen = loop {
            let temp = fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| rolemap::output::is_temp_name(p.file_name().unwrap()));
            if let Some(t) = temp {
                child.kill().unwrap();
                child.wait().unwrap();
                break Some(t);
            }
            if child.try_wait().unwrap().is_some() {
                break None;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        match seen {
            Some(t) => break t,
            None => {
                let _ = fs::remove_file(d.join("out.json"));
                parties *= 2;
            }
        }
    };
    assert!(leftover.exists(), "the killed run left its temporary file");
    assert!(!d.join("out.json").exists(), "and no output");
    {
        let f = fs::File::open(&leftover).unwrap();
        f.try_lock().expect("a dead writer holds no lock");
        f.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }
    fs::write(d.join("m.ron"), MODEL).unwrap();
    let o = run(d, &["check", "m.ron", "-o", "small.txt"]);
    assert!(o.status.code().unwrap() < 2, "{}", stderr(&o));
    assert!(!leftover.exists(), "the next run removed the leftover");
    assert!(leftovers(d).is_empty(), "{:?}", names(d));
}
