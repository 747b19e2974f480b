//! Reading filled-in checklists: XLSX (with calamine) and CSV.
//!
//! Every sheet (or the CSV file) whose header row names the `id` and `status` columns is read;
//! other sheets (the summary, notes a party adds) are skipped. Columns are found by their
//! header in either language, so they may be moved. A row is keyed by party, id and role.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::error::{Place, StatusErrors, StatusProblem};
use super::{Column, Declared, read_roles};
use crate::load::DEFAULT_MAX_SIZE;
use crate::load::diagnostics::Diagnostic;
use crate::load::diagnostics::suggest;
use crate::model::types::Role;

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH_ROWS: usize = 20;

mod tables;

use tables::{Table, csv_table, is_header_row, xlsx_tables};

/// One row read from a filled-in checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The party id, as written.
    pub party: String,
    /// The requirement or item id, as written.
    pub id: String,
    /// The roles (one, or several for a requirement that applies per organisation or per
    /// contract).
    pub roles: Vec<Role>,
    /// The declared status; `None` when the cell is empty (not filled).
    pub status: Option<Declared>,
    /// The evidence, as written.
    pub evidence: String,
    /// The remarks, as written.
    pub remarks: String,
    /// The row (its column is `None`).
    pub place: Place,
    /// Where the party, id and role cells are: (column, header), the header shared by every
    /// entry of its table (a folder of a 100k-party chain gives 2.4 million entries).
    cells: [(u32, Arc<str>); 3],
}

impl Entry {
    /// The place of the party cell.
    pub fn party_place(&self) -> Place {
        self.cell(0)
    }

    /// The place of the id cell.
    pub fn id_place(&self) -> Place {
        self.cell(1)
    }

    /// The place of the role cell.
    pub fn role_place(&self) -> Place {
        self.cell(2)
    }

    fn cell(&self, i: usize) -> Place {
        Place {
            column: Some(self.cells[i].0),
            header: Some(self.cells[i].1.to_string()),
            ..self.place.clone()
        }
    }
}

/// Every row read from one or more filled-in checklists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusSet {
    /// The files read, as given.
    pub files: Vec<String>,
    /// The rows, in file, sheet and row order.
    pub entries: Vec<Entry>,
}

impl StatusSet {
    /// Add the rows of another file.
    pub fn extend(&mut self, other: StatusSet) {
        self.files.extend(other.files);
        self.entries.extend(other.entries);
    }
}

/// Read a filled-in checklist (`.xlsx` or `.csv`) with the default size limit (64 MiB).
pub fn read_status(path: &Path) -> Result<StatusSet, StatusErrors> {
    read_status_with_limit(path, DEFAULT_MAX_SIZE)
}

/// Read a filled-in checklist (`.xlsx` or `.csv`), refusing files over `max_size` bytes.
/// Every problem of the file is reported at once.
pub fn read_status_with_limit(path: &Path, max_size: u64) -> Result<StatusSet, StatusErrors> {
    let (set, errors) = read_status_all(path, max_size);
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

/// Read what can be read of a filled-in checklist, and every problem: rows with a problem are
/// left out of the set. Useful to match the good rows too, so that one run reports every
/// problem.
pub fn read_status_all(path: &Path, max_size: u64) -> (StatusSet, StatusErrors) {
    read_status_all_with(path, max_size, crate::files::Special::Refuse)
}

/// Like [`read_status_all`], reading FIFOs, devices and sockets too when `special` allows them
/// (only regular files otherwise, see [`crate::files`]).
pub fn read_status_all_with(
    path: &Path,
    max_size: u64,
    special: crate::files::Special,
) -> (StatusSet, StatusErrors) {
    let file = path.to_string_lossy().into_owned();
    settle(file.clone(), read_inner(path, &file, max_size, special))
}

/// Read a filled-in checklist, or every checklist in a folder: for a folder, each `.csv` and
/// `.xlsx` file directly in it (not in its subfolders), in the order of their names, apart
/// from the folder's `index.xlsx` (the index `rolemap checklist -o FOLDER` writes beside the
/// parties' workbooks; a party called `index` has `index~2.xlsx`). A folder of a 100k-party
/// chain has 100,000 files, too many to name on a command line. A folder with no such file is
/// a problem of its own ([`StatusProblem::EmptyFolder`]).
pub fn read_status_path(
    path: &Path,
    max_size: u64,
    special: crate::files::Special,
) -> (StatusSet, StatusErrors) {
    if !path.is_dir() {
        return read_status_all_with(path, max_size, special);
    }
    let folder = path.to_string_lossy().into_owned();
    let listed = std::fs::read_dir(path).and_then(|entries| {
        let mut files = Vec::new();
        for e in entries {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            let ext = Path::new(&name)
                .extension()
                .map(|x| x.to_string_lossy().to_lowercase());
            let checklist = matches!(ext.as_deref(), Some("csv" | "xlsx"));
            if checklist && name != "index.xlsx" && e.file_type()?.is_file() {
                files.push(e.path());
            }
        }
        files.sort();
        Ok(files)
    });
    let files = match listed {
        Ok(f) if f.is_empty() => return settle(folder, Err(StatusProblem::EmptyFolder)),
        Ok(f) => f,
        Err(e) => {
            let problem = StatusProblem::Io {
                message: e.to_string(),
                ja: crate::i18n::os_error_ja(&e),
            };
            return settle(folder, Err(problem));
        }
    };
    let (mut set, mut errors) = (StatusSet::default(), StatusErrors::default());
    for f in &files {
        let (s, e) = read_status_all_with(f, max_size, special);
        set.extend(s);
        errors.extend(e);
    }
    (set, errors)
}

/// Read a filled-in checklist already in memory: `name` (its extension, `.xlsx` or `.csv`,
/// picks the format) is the file shown in problems. The readers' limits apply as for a file;
/// the size limit is the caller's. Used by the fuzz harness.
pub fn read_status_bytes(name: &str, bytes: Vec<u8>) -> (StatusSet, StatusErrors) {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    settle(name.to_string(), read_tables(name, &ext, bytes))
}

/// A read's rows and problems, with a problem of the whole file as the only problem.
fn settle(
    file: String,
    read: Result<(StatusSet, StatusErrors), StatusProblem>,
) -> (StatusSet, StatusErrors) {
    match read {
        Ok(r) => r,
        Err(problem) => (
            StatusSet {
                files: vec![file.clone()],
                entries: Vec::new(),
            },
            StatusErrors {
                diagnostics: vec![Diagnostic::in_cell(
                    problem,
                    Place {
                        file,
                        ..Place::default()
                    },
                )],
            },
        ),
    }
}

fn read_inner(
    path: &Path,
    file: &str,
    max_size: u64,
    special: crate::files::Special,
) -> Result<(StatusSet, StatusErrors), StatusProblem> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" && ext != "csv" {
        return Err(StatusProblem::UnknownFormat { extension: ext });
    }
    use crate::files::ReadError;
    let bytes = crate::files::read_limited(path, max_size, special).map_err(|e| match e {
        ReadError::Io(e) => StatusProblem::Io {
            message: e.to_string(),
            ja: crate::i18n::os_error_ja(&e),
        },
        ReadError::Folder => StatusProblem::Io {
            message: "is a directory".into(),
            ja: "フォルダです (ファイルではありません)".into(),
        },
        ReadError::Special(kind) => StatusProblem::NotRegular { kind },
        ReadError::TooLarge { size, limit } => StatusProblem::TooLarge { size, limit },
    })?;
    read_tables(file, &ext, bytes)
}

/// Read the bytes of a checklist in the format of `ext` (`xlsx`, anything else is CSV).
fn read_tables(
    file: &str,
    ext: &str,
    bytes: Vec<u8>,
) -> Result<(StatusSet, StatusErrors), StatusProblem> {
    if ext != "xlsx" && ext != "csv" {
        return Err(StatusProblem::UnknownFormat {
            extension: ext.to_string(),
        });
    }
    let tables = if ext == "xlsx" {
        xlsx_tables(bytes)?
    } else {
        vec![csv_table(bytes)?]
    };
    let mut set = StatusSet {
        files: vec![file.to_string()],
        entries: Vec::new(),
    };
    let mut errors = StatusErrors::default();
    let mut any_header = false;
    for t in &tables {
        any_header |= read_table(file, t, &mut set.entries, &mut errors);
    }
    if !any_header {
        return Err(StatusProblem::NoHeader);
    }
    Ok((set, errors))
}

/// Read one table; returns whether it has a checklist header row.
fn read_table(file: &str, t: &Table, out: &mut Vec<Entry>, errors: &mut StatusErrors) -> bool {
    let place = |row: u32, col: Option<(u32, &str)>| Place {
        file: file.to_string(),
        sheet: t.sheet.clone(),
        row,
        column: col.map(|c| c.0),
        header: col.map(|c| c.1.to_string()),
    };
    // The header row: the first row naming both the id and the status columns.
    let Some(hi) = t
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells)| is_header_row(cells))
    else {
        return false;
    };
    let (header_row, header_cells) = &t.rows[hi];
    let mut cols: BTreeMap<Column, (u32, Arc<str>)> = BTreeMap::new();
    for (c, h) in header_cells {
        if let Some(col) = Column::from_header(h) {
            match cols.entry(col) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    errors.push(
                        place(*header_row, Some((*c, h))),
                        StatusProblem::DuplicateColumn { header: h.clone() },
                    );
                }
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert((*c, Arc::from(h.trim())));
                }
            }
        }
    }
    let mut missing = false;
    for col in Column::REQUIRED {
        if !cols.contains_key(&col) {
            missing = true;
            errors.push(
                place(*header_row, None),
                StatusProblem::MissingColumn {
                    en: col.header(crate::Lang::En),
                    ja: col.header(crate::Lang::Ja),
                },
            );
        }
    }
    if missing {
        return true;
    }
    let at = |col: Column| -> (u32, Arc<str>) { cols[&col].clone() };
    for (row, cells) in &t.rows[hi + 1..] {
        let get = |col: Column| -> Option<&str> {
            let (c, _) = cols.get(&col)?;
            cells
                .iter()
                .find(|(cc, _)| cc == c)
                .map(|(_, s)| s.trim())
                .filter(|s| !s.is_empty())
        };
        let read: Vec<Option<&str>> = [
            Column::Party,
            Column::Id,
            Column::Role,
            Column::Status,
            Column::Evidence,
            Column::Remarks,
        ]
        .iter()
        .map(|&c| get(c))
        .collect();
        if read.iter().all(Option::is_none) {
            // A row with nothing the reader looks at: a note or a blank line.
            continue;
        }
        let mut ok = true;
        let mut need = |col: Column| -> Option<String> {
            match get(col) {
                Some(s) => Some(s.to_string()),
                None => {
                    ok = false;
                    let (c, h) = at(col);
                    errors.push(place(*row, Some((c, &*h))), StatusProblem::EmptyCell);
                    None
                }
            }
        };
        let party = need(Column::Party);
        let id = need(Column::Id);
        let role_text = need(Column::Role);
        let roles = role_text.as_deref().and_then(|r| match read_roles(r) {
            Ok(roles) => Some(roles),
            Err(bad) => {
                let (c, h) = at(Column::Role);
                let words: Vec<&str> = Role::ALL
                    .iter()
                    .flat_map(|r| [r.key(), r.label(crate::Lang::Ja)])
                    .collect();
                errors.push(
                    place(*row, Some((c, &*h))),
                    StatusProblem::UnknownRole {
                        suggestion: suggest(&bad.to_lowercase(), words),
                        value: bad,
                    },
                );
                None
            }
        });
        let status = match get(Column::Status) {
            None => None,
            Some(s) => match Declared::read(s) {
                Some(d) => Some(d),
                None => {
                    ok = false;
                    let (c, h) = at(Column::Status);
                    errors.push(
                        place(*row, Some((c, &*h))),
                        StatusProblem::UnknownStatus {
                            value: s.to_string(),
                            suggestion: suggest(&s.to_lowercase(), Declared::all_words()),
                        },
                    );
                    None
                }
            },
        };
        let (Some(party), Some(id), Some(roles), true) = (party, id, roles, ok) else {
            continue;
        };
        out.push(Entry {
            party,
            id,
            roles,
            status,
            evidence: get(Column::Evidence).unwrap_or_default().to_string(),
            remarks: get(Column::Remarks).unwrap_or_default().to_string(),
            place: place(*row, None),
            cells: [at(Column::Party), at(Column::Id), at(Column::Role)],
        });
    }
    true
}
