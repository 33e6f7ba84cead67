//! Text from the data, as input refuses it and as output shows it
//! (SPEC, *Fine points, third round*): control characters are refused in
//! every field read and never written to a terminal.

use std::borrow::Cow;

/// A control character no field may hold: U+0000–U+001F but tab and line
/// feed, and U+007F–U+009F (DEL and the C1 controls, which some terminals
/// obey as escape sequences).
pub fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// The first control character of `s` (see [`is_control`]), found on the
/// bytes: a field of plain text costs one pass and no decoding.
pub fn first_control(s: &str) -> Option<char> {
    let b = s.as_bytes();
    let at = b.iter().enumerate().position(|(i, &x)| {
        (x < 0x20 && x != b'\t' && x != b'\n')
            || x == 0x7f
            || (x == 0xc2 && matches!(b.get(i + 1), Some(0x80..=0x9f)))
    })?;
    s[at..].chars().next()
}

/// Why a field holding a control character is refused.
pub fn control_reason(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\r' => " (carriage return)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        _ => "",
    };
    format!(
        "contains the control character U+{:04X}{name}: a field is printable text",
        c as u32
    )
}

/// Characters that reorder or hide what a terminal shows: bidirectional
/// embeddings, overrides and isolates.
fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` as it may be written to a terminal: every control character but
/// line feed and tab, and every bidirectional override, written as the
/// visible escape `\u001b` (which is also the same text when the output is
/// JSON, where such an escape means that very character).
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\n' && c != '\t') || reorders(c);
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes formatted text to stdout with [`terminal_safe`] applied: every
/// text and JSON output of the command line goes through it.
#[macro_export]
macro_rules! outln {
    () => { $crate::domain::text::write_out(false, "\n") };
    ($($a:tt)*) => {
        $crate::domain::text::write_out(false, &format!("{}\n", format_args!($($a)*)))
    };
}

/// [`outln!`] without the line end.
#[macro_export]
macro_rules! out {
    ($($a:tt)*) => { $crate::domain::text::write_out(false, &format!($($a)*)) };
}

/// [`outln!`] to stderr.
#[macro_export]
macro_rules! errln {
    ($($a:tt)*) => {
        $crate::domain::text::write_out(true, &format!("{}\n", format_args!($($a)*)))
    };
}

/// What [`outln!`], [`out!`] and [`errln!`] write. A closed stdout ends
/// the program quietly (as `println!` does with SIGPIPE's default).
pub fn write_out(stderr: bool, text: &str) {
    use std::io::Write;
    let safe = terminal_safe(text);
    if stderr {
        let _ = std::io::stderr().lock().write_all(safe.as_bytes());
    } else if let Err(e) = std::io::stdout().lock().write_all(safe.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        panic!("failed printing to stdout: {e}");
    }
}

/// Text given away as it is made: a [`std::fmt::Write`] that hands `emit`
/// parts of about 64 KiB, and what is left when it is dropped (a national
/// center's review is never held whole).
pub struct Parts<F: FnMut(&str)> {
    part: String,
    emit: F,
}

impl<F: FnMut(&str)> Parts<F> {
    const SIZE: usize = 1 << 16;

    pub fn new(emit: F) -> Self {
        Parts {
            part: String::new(),
            emit,
        }
    }
}

/// Text printed on stdout as it is made, through [`write_out`].
pub fn out_text() -> Parts<impl FnMut(&str)> {
    Parts::new(|part| write_out(false, part))
}

impl<F: FnMut(&str)> std::fmt::Write for Parts<F> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.part.push_str(s);
        if self.part.len() >= Self::SIZE {
            (self.emit)(&self.part);
            self.part.clear();
        }
        Ok(())
    }
}

impl<F: FnMut(&str)> Drop for Parts<F> {
    fn drop(&mut self) {
        if !self.part.is_empty() {
            (self.emit)(&self.part);
        }
    }
}

/// `value` as pretty JSON on stdout, a line end after it, streamed through
/// [`SafeWriter`]: a large answer (a desk's status, a national center's)
/// is never held whole in memory. A closed stdout ends quietly, as
/// [`write_out`] does.
pub fn out_json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(SafeWriter::new(std::io::stdout().lock()));
    let done = serde_json::to_writer_pretty(&mut out, value).and_then(|()| {
        writeln!(out)
            .and_then(|()| out.flush())
            .map_err(serde_json::Error::io)
    });
    match done {
        Err(e) if e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) => Ok(()),
        other => other,
    }
}

/// A writer that passes on what it is given with [`terminal_safe`]
/// applied, for output streamed rather than formatted whole (a large
/// desk's JSON). A character cut between two writes waits for its end.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            pending: Vec::new(),
        }
    }

    fn pass(&mut self, upto: usize) -> std::io::Result<()> {
        let ready: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&ready);
        self.inner.write_all(terminal_safe(&text).as_bytes())
    }
}

/// How many bytes at the end of `b` begin a character not yet whole.
fn cut_tail(b: &[u8]) -> usize {
    for back in 1..=b.len().min(3) {
        let x = b[b.len() - back];
        if x & 0xC0 != 0x80 {
            let need = match x {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            return if need > back { back } else { 0 };
        }
    }
    0
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let upto = self.pending.len() - cut_tail(&self.pending);
        self.pass(upto)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let all = self.pending.len();
        self.pass(all)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_on_the_bytes_as_on_the_chars() {
        for s in [
            "王强",
            "a\tb\nc",
            "J\u{1b}[2J",
            "x\u{7f}",
            "客\u{9b}户",
            "\u{a0}é",
            "\r",
            "\u{85}",
            "\u{9f}\u{a0}",
        ] {
            assert_eq!(
                first_control(s),
                s.chars().find(|&c| is_control(c)),
                "{s:?}"
            );
        }
    }

    #[test]
    fn terminal_safe_text_holds_no_control_and_reads_back_as_json() {
        let hostile = "J\u{1b}[2J\u{9b}31m\u{202e}客户\r\u{7f}\n\tok";
        let safe = terminal_safe(hostile);
        assert!(
            !safe.chars().any(|c| is_control(c) || reorders(c)),
            "{safe}"
        );
        assert!(safe.contains("\\u001b[2J") && safe.ends_with("\n\tok"));
        let json = serde_json::to_string(hostile).unwrap();
        let back: String = serde_json::from_str(&terminal_safe(&json)).unwrap();
        assert_eq!(back, hostile);
    }

    #[test]
    fn a_safe_writer_gives_what_terminal_safe_gives_however_the_writes_are_cut() {
        use std::io::Write;
        let text = "J\u{1b}[2J客\u{9b}户\u{202e}x\n王强";
        for n in 1..8 {
            let mut w = SafeWriter::new(Vec::new());
            for chunk in text.as_bytes().chunks(n) {
                w.write_all(chunk).unwrap();
            }
            w.flush().unwrap();
            assert_eq!(
                String::from_utf8(w.inner).unwrap(),
                terminal_safe(text),
                "{n}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the data, the text written holds nothing a terminal
        /// obeys or reorders by, however the writes are cut, and JSON
        /// written through it reads back as the same value.
        #[test]
        fn no_output_holds_a_control_character(s in "\\PC*|[\\x00-\\x{a0}\\x{2028}-\\x{206f}a-z客]{0,40}", cut in 1usize..9) {
            use std::io::Write;
            let safe = terminal_safe(&s);
            proptest::prop_assert!(!safe.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || reorders(c)));
            let mut w = SafeWriter::new(Vec::new());
            for chunk in s.as_bytes().chunks(cut) {
                w.write_all(chunk).unwrap();
            }
            w.flush().unwrap();
            proptest::prop_assert_eq!(String::from_utf8(w.inner).unwrap(), safe.clone().into_owned());
            let json = serde_json::to_string(&s).unwrap();
            let back: String = serde_json::from_str(&terminal_safe(&json)).unwrap();
            proptest::prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn text_made_in_parts_is_given_away_whole_and_never_held_whole() {
        use std::fmt::Write;
        let mut given = Vec::new();
        {
            let mut parts = Parts::new(|p: &str| given.push(p.to_string()));
            for i in 0..20_000 {
                let _ = writeln!(parts, "line {i}: 回访超时");
            }
        }
        let whole: String = (0..20_000)
            .map(|i| format!("line {i}: 回访超时\n"))
            .collect();
        assert!(given.len() > 3, "{} parts", given.len());
        assert!(given.iter().all(|p| p.len() < (1 << 16) + 64));
        assert_eq!(given.concat(), whole);
    }
}
