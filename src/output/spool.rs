//! Writing an output on a thread of its own while the rest of it is made (issue 10).
//!
//! A large output spends much of its time in the kernel copying bytes into the page cache: half
//! of a 2 GB checklist's run, a third of a 2 GB OSCAL export's. Written through a plain
//! `BufWriter`, that copy and the making of the next bytes take turns on the calling thread.
//! [`spooled`] hands each full buffer to a writer thread instead, so the two overlap. An output
//! that fits in one buffer never starts the thread (a small model's run stays as it was). The
//! bytes are the same, in the same order: one writer, one queue.
//!
//! Written by hand rather than taken from a crate: it is a bounded channel of buffers in front
//! of one `write_all`, and it must keep this crate's error rules (the first error of the file is
//! the one returned, a closed pipe keeps its kind so that `write_stdout` can end quietly).

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

/// Bytes gathered before a buffer goes to the writer thread (and the most held in the caller's
/// buffer): large enough that handing it over costs nothing next to writing it.
const BUFFER: usize = 1 << 20;

/// Buffers queued for the writer thread at most, beside the one it writes and the one being
/// filled: a few MiB in flight, never the output.
const QUEUED: usize = 2;

/// Run `write` with a writer whose bytes reach `inner` in order, the copying done on a thread
/// of its own once they pass one buffer. Returns once everything is written and `inner`
/// flushed: the first error of `write`, else the first error of writing to `inner`.
pub fn spooled<W: Write + Send>(
    inner: &mut W,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    std::thread::scope(|scope| {
        let mut spool = Spool {
            scope,
            buf: Vec::with_capacity(BUFFER),
            to: To::Here(inner),
            failed: None,
        };
        let made = write(&mut spool);
        let written = spool.finish();
        made.and(written)
    })
}

/// Where full buffers go: to `inner` on this thread until the first one is full, then to the
/// writer thread.
enum To<'scope, 'env, W: Write + Send> {
    Here(&'env mut W),
    Thread {
        queue: SyncSender<Vec<u8>>,
        spare: Receiver<Vec<u8>>,
        writer: ScopedJoinHandle<'scope, io::Result<()>>,
    },
    /// After the writer thread ended (an error) or finish.
    Done,
}

struct Spool<'scope, 'env, W: Write + Send> {
    scope: &'scope Scope<'scope, 'env>,
    buf: Vec<u8>,
    to: To<'scope, 'env, W>,
    /// The error that ended the writer thread, given again to every later write and to the
    /// end, so that a maker that ignores one write's error still gets it back.
    failed: Option<(io::ErrorKind, String)>,
}

impl<'scope, 'env, W: Write + Send> Spool<'scope, 'env, W> {
    /// Hand the buffer to the writer thread, starting it the first time.
    fn ship(&mut self) -> io::Result<()> {
        self.to = match std::mem::replace(&mut self.to, To::Done) {
            To::Here(inner) => {
                let (queue, jobs) = sync_channel::<Vec<u8>>(QUEUED);
                let (give_back, spare) = sync_channel::<Vec<u8>>(QUEUED + 2);
                let writer = self.scope.spawn(move || {
                    for mut chunk in jobs {
                        inner.write_all(&chunk)?;
                        chunk.clear();
                        // The caller may have stopped taking buffers back: then it is dropped.
                        let _ = give_back.try_send(chunk);
                    }
                    inner.flush()
                });
                To::Thread {
                    queue,
                    spare,
                    writer,
                }
            }
            other => other,
        };
        let To::Thread { queue, spare, .. } = &self.to else {
            return Err(io::Error::other("the output was already finished"));
        };
        let next = spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BUFFER));
        let full = std::mem::replace(&mut self.buf, next);
        if queue.send(full).is_err() {
            // The writer thread stopped on an error: that error is the answer.
            let e = self
                .join()
                .err()
                .unwrap_or_else(|| io::Error::other("the output's writer thread ended early"));
            self.failed = Some((e.kind(), e.to_string()));
            return Err(e);
        }
        Ok(())
    }

    /// The error that ended the writer thread, if one did.
    fn check(&self) -> io::Result<()> {
        match &self.failed {
            Some((kind, text)) => Err(io::Error::new(*kind, text.clone())),
            None => Ok(()),
        }
    }

    /// Wait for the writer thread, if there is one, and return how it ended.
    fn join(&mut self) -> io::Result<()> {
        match std::mem::replace(&mut self.to, To::Done) {
            To::Thread { queue, writer, .. } => {
                drop(queue);
                writer
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            To::Here(inner) => inner.flush(),
            To::Done => Ok(()),
        }
    }

    /// Write what is left and wait until it is written.
    fn finish(&mut self) -> io::Result<()> {
        self.check()?;
        if let To::Here(inner) = &mut self.to {
            // Never started: the whole output fitted in one buffer.
            inner.write_all(&self.buf)?;
            self.buf.clear();
        } else if !self.buf.is_empty() {
            self.ship()?;
        }
        self.join()
    }
}

impl<W: Write + Send> Write for Spool<'_, '_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, mut data: &[u8]) -> io::Result<()> {
        self.check()?;
        while !data.is_empty() {
            let room = BUFFER.saturating_sub(self.buf.len()).max(1);
            let (now, later) = data.split_at(room.min(data.len()));
            self.buf.extend_from_slice(now);
            data = later;
            if self.buf.len() >= BUFFER {
                self.ship()?;
            }
        }
        Ok(())
    }

    /// Hands the bytes so far on; they reach the file by the time [`spooled`] returns.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that keeps what it is given and fails once it holds `fail_after` bytes.
    struct Sink {
        got: Vec<u8>,
        fail_after: Option<usize>,
        flushed: bool,
    }

    impl Write for Sink {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            if self.fail_after.is_some_and(|n| self.got.len() >= n) {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
            }
            self.got.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.flushed = true;
            Ok(())
        }
    }

    fn sink(fail_after: Option<usize>) -> Sink {
        Sink {
            got: Vec::new(),
            fail_after,
            flushed: false,
        }
    }

    #[test]
    fn bytes_arrive_whole_and_in_order_small_or_large() {
        for len in [0, 10, BUFFER - 1, BUFFER, BUFFER + 1, 7 * BUFFER + 12345] {
            let want: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let mut out = sink(None);
            spooled(&mut out, |w| {
                // Pieces of every size, some larger than a buffer.
                let mut rest = &want[..];
                let mut step = 1;
                while !rest.is_empty() {
                    let (a, b) = rest.split_at(step.min(rest.len()));
                    w.write_all(a)?;
                    rest = b;
                    step = step * 3 + 1;
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(out.got.len(), want.len(), "{len} bytes");
            assert!(out.got == want, "{len} bytes: the same bytes in order");
            assert!(out.flushed, "{len} bytes: the file is flushed at the end");
        }
    }

    #[test]
    fn the_first_write_error_is_returned_with_its_kind() {
        let mut out = sink(Some(BUFFER));
        let e = spooled(&mut out, |w| {
            for _ in 0..20 {
                w.write_all(&vec![b'x'; BUFFER / 2])?;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(out.got.len(), BUFFER, "nothing is written after the error");
    }

    #[test]
    fn an_ignored_write_error_is_still_the_end_result() {
        let mut out = sink(Some(BUFFER));
        let e = spooled(&mut out, |w| {
            for _ in 0..20 {
                let _ = w.write_all(&vec![b'x'; BUFFER / 2]);
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn an_error_of_the_maker_wins_and_what_was_made_is_still_written() {
        let mut out = sink(None);
        let e = spooled(&mut out, |w| {
            w.write_all(&vec![b'y'; 3 * BUFFER])?;
            Err(io::Error::new(io::ErrorKind::InvalidData, "bad"))
        })
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(out.got.len(), 3 * BUFFER);
    }
}
