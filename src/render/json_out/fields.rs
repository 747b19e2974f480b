//! Entries written by hand, field by field, and the values inside them: the bytes the
//! layered formatter writes, for the fast paths of every JSON output.

use std::io::{self, Write};

use super::{Pretty, string_into};

/// An object written field by field on a borrowed writer, for entries written by hand (the
/// parties, contracts and findings of `check --format json`): one field per line at depth
/// `depth + 1` ([`Fields::pretty`]), or all on one line ([`Fields::compact`]), the bytes of the
/// layered formatter. Keys are written as they are: plain ASCII.
pub struct Fields<'w, W: ?Sized> {
    w: &'w mut W,
    layout: Layout,
}

/// How [`Fields`] lays its object out.
enum Layout {
    /// A line per field, as [`Pretty`] writes an object.
    Pretty(Pretty),
    /// On one line; `first` until a field is written.
    Compact { first: bool },
}

impl<'w, W: Write + ?Sized> Fields<'w, W> {
    /// Open an object `depth` containers deep, a line per field.
    pub fn pretty(w: &'w mut W, depth: usize) -> io::Result<Self> {
        let p = Pretty::object(w, depth)?;
        Ok(Fields {
            w,
            layout: Layout::Pretty(p),
        })
    }

    /// Open an object on one line.
    pub fn compact(w: &'w mut W) -> io::Result<Self> {
        w.write_all(b"{")?;
        Ok(Fields {
            w,
            layout: Layout::Compact { first: true },
        })
    }

    /// Start the field `key`; its value follows, written to the writer returned.
    pub fn key(&mut self, key: &str) -> io::Result<&mut W> {
        match &mut self.layout {
            Layout::Pretty(p) => {
                p.element(self.w)?;
                self.w.write_all(b"\"")?;
            }
            Layout::Compact { first } => {
                self.w.write_all(if *first { b"\"" } else { b", \"" })?;
                *first = false;
            }
        }
        self.w.write_all(key.as_bytes())?;
        self.w.write_all(b"\": ")?;
        Ok(&mut *self.w)
    }

    /// Close the object.
    pub fn close(self) -> io::Result<()> {
        match self.layout {
            Layout::Pretty(p) => p.end(self.w),
            Layout::Compact { .. } => self.w.write_all(b"}"),
        }
    }
}

/// A string or `null`.
pub fn opt_string<W: Write + ?Sized>(w: &mut W, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => string_into(w, s),
        None => w.write_all(b"null"),
    }
}

/// A number.
pub fn number<W: Write + ?Sized>(w: &mut W, n: usize) -> io::Result<()> {
    w.write_all(itoa::Buffer::new().format(n).as_bytes())
}

/// A number or `null`.
pub fn opt_number<W: Write + ?Sized>(w: &mut W, n: Option<usize>) -> io::Result<()> {
    match n {
        Some(n) => number(w, n),
        None => w.write_all(b"null"),
    }
}

/// `true` or `false`.
pub fn boolean<W: Write + ?Sized>(w: &mut W, b: bool) -> io::Result<()> {
    w.write_all(if b { b"true" } else { b"false" })
}

/// A list on one line, each item written by `item`.
pub fn list<W: Write + ?Sized, T>(
    w: &mut W,
    items: impl IntoIterator<Item = T>,
    mut item: impl FnMut(&mut W, T) -> io::Result<()>,
) -> io::Result<()> {
    w.write_all(b"[")?;
    for (i, t) in items.into_iter().enumerate() {
        if i > 0 {
            w.write_all(b", ")?;
        }
        item(w, t)?;
    }
    w.write_all(b"]")
}
