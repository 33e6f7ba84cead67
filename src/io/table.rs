//! A CSV file as a header plus rows addressed by column name.

use std::collections::HashMap;
use std::fmt;

/// Longest field accepted; longer is a broken file, not an address.
pub const MAX_FIELD_CHARS: usize = 2000;

/// One thing wrong with an input file. Shown as `FILE:LINE: column: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl Problem {
    pub fn new(line: u64, column: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            line,
            column: column.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.line, self.column, self.reason)
    }
}

#[derive(Debug)]
pub struct Table {
    columns: HashMap<String, usize>,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    /// Line in the file where the record starts (the header is line 1).
    pub line: u64,
    /// Every field, one after the other (one allocation per row, not one
    /// per field); field `i` ends at `ends[i]`.
    text: String,
    ends: Vec<usize>,
}

impl Row {
    /// The bytes of all its fields together.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }
    /// Field `i` exactly as written (`None` past the last).
    pub fn field(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

impl Table {
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// A field, trimmed; `""` when blank or when the file lacks the column.
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.field(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    /// A field exactly as written (for reading back our own exports, whose
    /// cells may begin or end with blanks on purpose).
    pub fn get_raw<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.field(i))
            .unwrap_or("")
    }

    /// The position of a column in the file's rows (for [`Row::field`]).
    pub fn index(&self, column: &str) -> Option<usize> {
        self.columns.get(column).copied()
    }

    /// The header's column names, in the file's order.
    pub fn column_names(&self) -> Vec<&str> {
        let mut v: Vec<(&str, usize)> =
            self.columns.iter().map(|(n, &i)| (n.as_str(), i)).collect();
        v.sort_by_key(|&(_, i)| i);
        v.into_iter().map(|(n, _)| n).collect()
    }
}

/// UTF-16 without a byte order mark: every other byte of the header NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.len() >= 8 && head.iter().filter(|&&b| b == 0).count() * 2 >= head.len() - 1
}

/// Reads a whole CSV file: UTF-8 with or without BOM, either line ending,
/// any column order, unknown columns ignored. Rows whose every field is blank
/// (spreadsheets leave them) are skipped. Returns every problem found.
pub fn read_table(bytes: &[u8], required: &[&str]) -> Result<Table, Vec<Problem>> {
    read_table_with(bytes, required, false)
}

/// [`read_table`], where a header with no rows is a valid empty table (a
/// quiet day's daily report).
pub fn read_table_may_be_empty(bytes: &[u8], required: &[&str]) -> Result<Table, Vec<Problem>> {
    read_table_with(bytes, required, true)
}

fn read_table_with(bytes: &[u8], required: &[&str], empty_ok: bool) -> Result<Table, Vec<Problem>> {
    let mut rows = Vec::new();
    let mut table = stream_table_with(bytes, required, empty_ok, |_, row| {
        rows.push(row);
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {})?;
    table.rows = rows;
    Ok(table)
}

/// [`read_table`] a row at a time: each good row goes to `each` as soon as
/// it is read and is not kept, so that a large file needs no more memory
/// than one row. Returns the header (with no rows) or every problem of
/// the file itself (header, encoding, shape); an error of `each` stops the
/// reading. A file with such problems may already have given some rows to
/// `each`: the caller rejects it whole.
pub fn stream_table<E>(
    bytes: &[u8],
    required: &[&str],
    each: impl FnMut(&Table, Row) -> Result<(), E>,
) -> Result<Result<Table, Vec<Problem>>, E> {
    stream_table_with(bytes, required, false, each)
}

fn stream_table_with<E>(
    bytes: &[u8],
    required: &[&str],
    empty_ok: bool,
    each: impl FnMut(&Table, Row) -> Result<(), E>,
) -> Result<Result<Table, Vec<Problem>>, E> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || looks_utf16(bytes) {
        return Ok(Err(vec![utf16_problem()]));
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Some(line) = unclosed_quote(bytes) {
        return Ok(Err(vec![unclosed_problem(line)]));
    }
    // The csv crate ends a record at `\r` but counts the line at `\n`, so
    // with CRLF files its line numbers run one behind: count on plain LF.
    let normalized = normalize_line_endings(bytes);
    let bytes: &[u8] = &normalized;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Err(vec![empty_problem()]));
    }
    read_records(bytes, required, empty_ok, each)
}

/// A character a Chinese dispatch file may hold: ASCII, Chinese and the
/// other CJK scripts, their punctuation and full-width forms, the general
/// punctuation, letter-like and number forms of model names (`℃`, `Ⅱ`,
/// `①`), and the few Latin-1 signs of such files (`·` `×` `°` `±` `²` `³`
/// `¥`, accented Latin letters).
fn plausible_in_chinese_file(c: char) -> bool {
    matches!(c,
        '\0'..='\u{7f}'
        | '\u{a0}' | '\u{a5}' | '\u{b0}'..='\u{b3}' | '\u{b7}' | '\u{d7}'
        | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{ff}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
        | '\u{2100}'..='\u{218f}' | '\u{2460}'..='\u{24ff}'
        | '\u{25a0}'..='\u{25ff}' | '\u{2605}' | '\u{2606}'
        | '\u{2e80}'..='\u{2fdf}' | '\u{3000}'..='\u{33ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3ffff}'
    )
}

/// Chinese as a GBK file holds it: the CJK ideographs, CJK and full-width
/// punctuation, the general punctuation (`“”—…`), `·`.
fn chinese_or_ascii(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | ' '..='~' | '\u{b7}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
        | '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}'
    )
}

/// A field that is valid UTF-8 but was written as GBK (SPEC, *Fine points,
/// third round*): its UTF-8 reading holds a character no Chinese dispatch
/// file holds (Hebrew, Greek, Cyrillic, box drawing, combining marks …)
/// while its GB18030 reading is all Chinese and ASCII. Gives both readings.
pub fn gbk_as_utf8(s: &str) -> Option<(char, String)> {
    if s.is_ascii() {
        return None;
    }
    // An invisible character (a zero-width space, a variation selector, a
    // tag) is that character, refused for what it is where it is refused
    // (identifiers), not a sign of GBK; combining marks (U+0300–U+036F,
    // U+034F among them) are what GBK read as UTF-8 gives.
    let odd = s.chars().find(|&c| {
        !plausible_in_chinese_file(c)
            && (!crate::domain::job::unprintable(c) || ('\u{300}'..='\u{36f}').contains(&c))
    })?;
    let (gbk, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(s.as_bytes());
    (!had_errors && gbk.chars().all(chinese_or_ascii)).then(|| (odd, gbk.into_owned()))
}

/// A header cell as compared with the columns for a near miss: lower case,
/// without blanks, `-`, `_`, a BOM or a bracketed unit (`Charge (元)`).
fn loose(name: &str) -> String {
    let mut n: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if n.ends_with(close)
            && let Some(i) = n.rfind(open)
            && i > 0
        {
            n.truncate(i);
        }
    }
    n
}

/// Edits (insert, delete, replace a character) from `a` to `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The column a header cell that is not one of `known` was surely meant to
/// be: the same after [`loose`], or within two edits (SPEC, *Fine points,
/// third round*).
pub fn meant_column<'k>(cell: &str, known: &[&'k str]) -> Option<&'k str> {
    // Only the exact name is the column: `Job_No` or ` job_no` is a near
    // miss of it, refused rather than taken.
    if known.contains(&cell) {
        return None;
    }
    let l = loose(cell);
    let lower = cell.trim().to_lowercase();
    known
        .iter()
        .find(|k| !l.is_empty() && loose(k) == l)
        .or_else(|| {
            known
                .iter()
                .filter(|k| lower.chars().count() >= 3 && edits(&lower, k) <= 2)
                .min_by_key(|k| edits(&lower, k))
        })
        .copied()
}

/// The header of a file whose columns are `known`: a cell that is surely a
/// misspelt column (`signed by`, `Charge (元)`, a stray BOM) is refused,
/// `FILE:1: signed by: not a column (did you mean signed_by?)`, since its
/// data would be dropped silently; the other unknown cells come back, to be
/// named once as ignored. A file whose header does not read is left to
/// [`read_table`] to refuse.
pub fn check_header(bytes: &[u8], known: &[&str]) -> Result<Vec<String>, Vec<Problem>> {
    let (ignored, problems) = header_cells(bytes, known);
    if problems.is_empty() {
        Ok(ignored)
    } else {
        Err(problems)
    }
}

/// A file's first record (its header), a leading BOM aside.
fn header_record(bytes: &[u8]) -> Option<csv::ByteRecord> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    rdr.byte_records().next()?.ok()
}

/// The columns of `known` a file's header has (each by its exact name, as
/// [`header_cells`] takes them): what a file says nothing of is told apart
/// from what it leaves blank.
pub fn known_columns<'k>(bytes: &[u8], known: &[&'k str]) -> Vec<&'k str> {
    let Some(header) = header_record(bytes) else {
        return Vec::new();
    };
    known
        .iter()
        .copied()
        .filter(|k| header.iter().any(|cell| cell == k.as_bytes()))
        .collect()
}

/// [`check_header`]'s two findings at once: the unknown cells to name as
/// ignored, and the misspelt ones that refuse the file (a refused file
/// still names its other unknown cells once, SPEC *third round*).
pub fn header_cells(bytes: &[u8], known: &[&str]) -> (Vec<String>, Vec<Problem>) {
    let Some(header) = header_record(bytes) else {
        return (Vec::new(), Vec::new());
    };
    let mut problems = Vec::new();
    let mut ignored = Vec::new();
    for raw in header.iter() {
        let Ok(cell) = std::str::from_utf8(raw) else {
            continue;
        };
        let name = cell.trim();
        if name.is_empty() || known.contains(&cell) {
            continue;
        }
        // A cell with an invisible character (a stray BOM) or blanks around
        // it is shown quoted and escaped: `"\u{feff}job_no"`, `" job_no"`,
        // not a `job_no` that seems right.
        let shown = if name != cell || name.chars().any(crate::domain::job::unprintable) {
            format!("{cell:?}")
        } else {
            name.to_string()
        };
        match meant_column(cell, known) {
            Some(k) => problems.push(Problem::new(
                1,
                shown,
                format!("not a column (did you mean {k}?)"),
            )),
            None => ignored.push(name.to_string()),
        }
    }
    (ignored, problems)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn utf16_problem() -> Problem {
    Problem::new(
        1,
        "header",
        "the file is UTF-16 (Excel's \"Unicode text\"): save it as CSV UTF-8",
    )
}

fn unclosed_problem(line: u64) -> Problem {
    Problem::new(
        line,
        "record",
        "the file ends inside a quoted field that starts on this line: it is cut short \
         (a truncated copy, or a quote mark never closed)",
    )
}

fn empty_problem() -> Problem {
    Problem::new(1, "header", "the file is empty: expected a header row")
}

/// The header and the records of a file already checked for UTF-16, cut
/// short quoted fields and emptiness, its line ends plain LF.
fn read_records<E>(
    input: impl std::io::Read,
    required: &[&str],
    empty_ok: bool,
    mut each: impl FnMut(&Table, Row) -> Result<(), E>,
) -> Result<Result<Table, Vec<Problem>>, E> {
    let mut problems = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(FieldCap::new(input));
    let mut records = rdr.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Ok(Err(vec![Problem::new(1, "header", e.to_string())])),
        None => {
            return Ok(Err(vec![Problem::new(
                1,
                "header",
                "the file is empty: expected a header row",
            )]));
        }
    };
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        // The column is its exact name (SPEC: a cell that differs by case
        // or blanks is a near miss, refused by `check_header`).
        let name = match std::str::from_utf8(raw) {
            Ok(s) => s.to_string(),
            Err(_) => {
                problems.push(Problem::new(
                    1,
                    format!("column {}", i + 1),
                    "header is not valid UTF-8",
                ));
                continue;
            }
        };
        if name.trim().is_empty() {
            continue;
        }
        if columns.insert(name.clone(), i).is_some() {
            problems.push(Problem::new(1, name, "column appears twice in the header"));
        }
    }
    for col in required {
        if !columns.contains_key(*col) {
            problems.push(Problem::new(
                1,
                *col,
                "required column is missing from the header",
            ));
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let width = header.len();
    let names: Vec<String> = {
        let mut v = vec![String::new(); width];
        for (n, &i) in &columns {
            v[i] = n.clone();
        }
        v
    };
    let table = Table {
        columns,
        rows: Vec::new(),
    };
    let mut any_rows = false;
    let mut gbk_said = false;
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.push(Problem::new(line, "record", e.to_string()));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        // A blank row (spreadsheets leave them) is skipped; one of more
        // fields than the header is not blank, it is the wrong shape.
        if rec.len() <= width
            && rec
                .iter()
                .all(|f| f.iter().all(|b| b.is_ascii_whitespace()))
        {
            continue;
        }
        if rec.len() != width {
            // A field running over line ends is most often a quote mark
            // opened and never closed.
            let hint = if rec.iter().any(|f| f.contains(&b'\n')) {
                "; a quote mark (\") opened on this line is never closed"
            } else {
                ""
            };
            // Fields past one too many never reach here (`FieldCap`).
            let count = if rec.len() > width {
                "more fields than the header's".to_string()
            } else {
                format!("{} fields, but the header has", rec.len())
            };
            problems.push(Problem::new(
                line,
                "record",
                format!("{count} {width}{hint}"),
            ));
            continue;
        }
        let mut text = String::with_capacity(rec.as_slice().len());
        let mut ends = Vec::with_capacity(width);
        let mut ok = true;
        for (i, raw) in rec.iter().enumerate() {
            let col = || {
                if names[i].is_empty() {
                    format!("column {}", i + 1)
                } else {
                    names[i].clone()
                }
            };
            match std::str::from_utf8(raw) {
                Err(_) => {
                    problems.push(Problem::new(
                        line,
                        col(),
                        "not valid UTF-8 (save the file as UTF-8)",
                    ));
                    ok = false;
                }
                Ok(s) if crate::domain::text::first_control(s).is_some() => {
                    let c = crate::domain::text::first_control(s).unwrap_or_default();
                    problems.push(Problem::new(
                        line,
                        col(),
                        crate::domain::text::control_reason(c),
                    ));
                    ok = false;
                }
                Ok(s) if gbk_as_utf8(s).is_some() => {
                    // One line says it: the whole file is GBK.
                    if !gbk_said {
                        gbk_said = true;
                        let (odd, gbk) = gbk_as_utf8(s).unwrap_or_default();
                        problems.push(Problem::new(
                            line,
                            col(),
                            format!(
                                "the file is GBK-encoded: read as UTF-8 this is {:?} (with U+{:04X}, \
                                 which no Chinese dispatch file holds), read as GBK {gbk:?}: \
                                 save the file as UTF-8",
                                s,
                                odd as u32
                            ),
                        ));
                    }
                    ok = false;
                }
                Ok(s) if s.len() > MAX_FIELD_CHARS && s.chars().count() > MAX_FIELD_CHARS => {
                    problems.push(Problem::new(
                        line,
                        col(),
                        format!(
                            "{} characters, at most {MAX_FIELD_CHARS}",
                            s.chars().count()
                        ),
                    ));
                    ok = false;
                }
                Ok(s) => {
                    text.push_str(s);
                    ends.push(text.len());
                }
            }
        }
        if ok {
            any_rows = true;
            each(&table, Row { line, text, ends })?;
        }
    }
    if !any_rows && !empty_ok && problems.is_empty() {
        problems.push(Problem::new(2, "record", "no data rows after the header"));
    }
    Ok(if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    })
}

/// The records of a CSV input (line ends already plain LF) with every
/// field past the header's width + 1 left out: a row of four million empty
/// fields reaches the CSV reader as one field too many, so that it is
/// refused for its shape without its fields being held. Quotes are
/// followed as the CSV reader follows them (a quote opens a field only as
/// its first character; inside, `""` is a quote). A line end inside a
/// quoted field left out is left out with it, so line numbers after such
/// a row may run behind: the file is refused anyway.
struct FieldCap<R> {
    inner: R,
    /// Fields of the header (the first record that has any byte).
    width: Option<usize>,
    fields: usize,
    any: bool,
    quoted: bool,
    quote_waits: bool,
    field_start: bool,
    dropping: bool,
}

impl<R> FieldCap<R> {
    fn new(inner: R) -> FieldCap<R> {
        FieldCap {
            inner,
            width: None,
            fields: 1,
            any: false,
            quoted: false,
            quote_waits: false,
            field_start: true,
            dropping: false,
        }
    }

    /// Whether byte `b` goes on to the CSV reader.
    fn keep(&mut self, b: u8) -> bool {
        if self.quote_waits {
            self.quote_waits = false;
            if b == b'"' {
                return !self.dropping;
            }
            self.quoted = false;
        }
        if self.quoted {
            if b == b'"' {
                self.quote_waits = true;
            }
            return !self.dropping;
        }
        match b {
            b'"' if self.field_start => {
                self.quoted = true;
                self.field_start = false;
                self.any = true;
            }
            b',' => {
                self.fields += 1;
                self.field_start = true;
                self.any = true;
                if self.width.is_some_and(|w| self.fields > w + 1) {
                    self.dropping = true;
                }
            }
            b'\n' => {
                if self.width.is_none() && self.any {
                    self.width = Some(self.fields);
                }
                self.fields = 1;
                self.field_start = true;
                self.any = false;
                self.dropping = false;
                return true;
            }
            _ => {
                self.field_start = false;
                self.any = true;
            }
        }
        !self.dropping
    }
}

impl<R: std::io::Read> std::io::Read for FieldCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            let mut i = 0;
            while i < n {
                // A run without a quote or line end (no quote waiting)
                // does what `keep` would byte by byte, at once: inside a
                // quoted field it changes nothing; outside, its commas
                // count fields. It ends before the comma that begins a
                // field past one too many (that one goes byte by byte);
                // after it, the rest of the line is left out whole.
                if !self.quote_waits {
                    let rest = &buf[i..n];
                    let quoted = self.quoted;
                    let mut run = rest
                        .iter()
                        .position(|&b| b == b'"' || (!quoted && b == b'\n'))
                        .unwrap_or(rest.len());
                    if !quoted
                        && !self.dropping
                        && let Some(w) = self.width
                    {
                        let mut allowed = (w + 1).saturating_sub(self.fields);
                        for (j, &b) in rest[..run].iter().enumerate() {
                            if b == b',' {
                                if allowed == 0 {
                                    run = j;
                                    break;
                                }
                                allowed -= 1;
                            }
                        }
                    }
                    if run > 0 {
                        let bytes = &rest[..run];
                        if !quoted {
                            self.fields += bytes.iter().filter(|&&b| b == b',').count();
                            self.field_start = bytes[run - 1] == b',';
                            self.any = true;
                        }
                        if !self.dropping {
                            buf.copy_within(i..i + run, kept);
                            kept += run;
                        }
                        i += run;
                        continue;
                    }
                }
                let b = buf[i];
                if self.keep(b) {
                    buf[kept] = b;
                    kept += 1;
                }
                i += 1;
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

/// [`stream_table`] of a file read as it goes, never held whole (a report
/// of tens of megabytes): the same rows, lines and problems as the whole
/// file would give, in the same order of precedence (UTF-16, a quoted
/// field the file ends inside, an empty file, then the header and rows).
/// Rows go to `each` as they are read, so a file refused at its end (cut
/// short inside a quoted field) may already have given rows: the caller
/// rejects it whole. The input is always read to its end (so that a hash
/// taken while reading covers the whole file); a read that fails ends the
/// input there (the reader given should remember why).
pub fn stream_table_reader<E>(
    input: impl std::io::Read,
    required: &[&str],
    empty_ok: bool,
    each: impl FnMut(&Table, Row) -> Result<(), E>,
) -> Result<Result<Table, Vec<Problem>>, E> {
    let mut input = Prepared::new(input);
    if input.utf16 {
        input.drain();
        return Ok(Err(vec![utf16_problem()]));
    }
    let read = read_records(&mut input, required, empty_ok, each)?;
    input.drain();
    Ok(if let Some(line) = input.unclosed() {
        Err(vec![unclosed_problem(line)])
    } else if !input.nonblank {
        Err(vec![empty_problem()])
    } else {
        read
    })
}

/// A file as [`stream_table_with`] prepares it, a chunk at a time: UTF-16
/// told from its first bytes, the BOM taken off, line ends made plain LF
/// as [`normalize_line_endings`] does, a quoted field the file ends inside
/// found as [`unclosed_quote`] finds it, and whether anything but blanks
/// came.
struct Prepared<R> {
    inner: R,
    /// What each read of `inner` reads into.
    scratch: Vec<u8>,
    /// Raw bytes read and not yet prepared.
    raw: Vec<u8>,
    /// Prepared bytes not yet given out, from `at`.
    out: Vec<u8>,
    at: usize,
    eof: bool,
    utf16: bool,
    nonblank: bool,
    // normalize_line_endings: quotes toggle; a CR outside quotes waits
    // for the next byte (CR LF is one LF, a lone CR is one).
    n_quoted: bool,
    n_cr: bool,
    // unclosed_quote, byte by byte: a quote inside a quoted field waits
    // for the next byte (`""` is a quote, anything else closes), and so
    // does a CR (CR LF counts one line, at its LF).
    line: u64,
    opened_on: u64,
    quoted: bool,
    field_start: bool,
    q_quote: bool,
    q_cr: bool,
}

const CHUNK: usize = 64 * 1024;

impl<R: std::io::Read> Prepared<R> {
    fn new(inner: R) -> Prepared<R> {
        let mut p = Prepared {
            inner,
            scratch: vec![0; CHUNK],
            raw: Vec::with_capacity(CHUNK),
            out: Vec::with_capacity(CHUNK),
            at: 0,
            eof: false,
            utf16: false,
            nonblank: false,
            n_quoted: false,
            n_cr: false,
            line: 1,
            opened_on: 0,
            quoted: false,
            field_start: true,
            q_quote: false,
            q_cr: false,
        };
        // The first 64 bytes tell UTF-16 (or all there are).
        while p.raw.len() < 64 && p.fill() {}
        let head = &p.raw[..p.raw.len().min(64)];
        p.utf16 =
            head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || looks_utf16(head);
        if p.raw.starts_with(BOM) {
            p.raw.drain(..BOM.len());
        }
        p
    }

    /// Reads one more chunk onto `raw`; false at the end (or a failed read:
    /// the input ends there).
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        let n = loop {
            match self.inner.read(&mut self.scratch) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Ok(n) => break n,
                Err(_) => break 0,
            }
        };
        self.raw.extend_from_slice(&self.scratch[..n]);
        if n == 0 {
            self.eof = true;
        }
        n > 0
    }

    /// Prepares every raw byte held (and, at the end, what was waiting).
    fn prepare(&mut self) {
        self.out.drain(..self.at);
        self.at = 0;
        let raw = std::mem::take(&mut self.raw);
        let mut i = 0;
        while i < raw.len() {
            // A run without a quote, CR or LF, with nothing waiting for
            // the next byte, is copied as it is: it does to the state what
            // `byte` would byte by byte, at once (a field starts after it
            // when it ends with a comma outside quotes).
            if !self.n_cr && !self.q_cr && !self.q_quote {
                let run = raw[i..]
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\r' | b'\n'))
                    .unwrap_or(raw.len() - i);
                if run > 0 {
                    let bytes = &raw[i..i + run];
                    self.out.extend_from_slice(bytes);
                    if !self.nonblank {
                        self.nonblank = bytes.iter().any(|b| !b.is_ascii_whitespace());
                    }
                    self.field_start = !self.quoted && bytes[run - 1] == b',';
                    i += run;
                    continue;
                }
            }
            self.byte(raw[i]);
            i += 1;
        }
        self.raw = raw;
        self.raw.clear();
        if self.eof {
            if self.n_cr {
                self.n_cr = false;
                self.out.push(b'\n');
            }
            if self.q_quote {
                self.q_quote = false;
                self.quoted = false;
            }
        }
    }

    fn byte(&mut self, b: u8) {
        // Line ends.
        if self.n_cr {
            self.n_cr = false;
            if b != b'\n' {
                self.out.push(b'\n');
            }
        }
        match b {
            b'"' => {
                self.n_quoted = !self.n_quoted;
                self.out.push(b);
            }
            b'\r' if self.n_quoted => self.out.push(b),
            b'\r' => self.n_cr = true,
            _ => self.out.push(b),
        }
        if !b.is_ascii_whitespace() {
            self.nonblank = true;
        }
        // Quoted fields, as unclosed_quote.
        if self.q_cr {
            self.q_cr = false;
            if b != b'\n' {
                self.line += 1;
            }
        }
        if self.q_quote {
            self.q_quote = false;
            if b == b'"' {
                // An escaped quote: consumed with the one before it.
                return;
            }
            self.quoted = false;
            self.field_start = false;
        }
        if self.quoted {
            if b == b'"' {
                self.q_quote = true;
            }
        } else if b == b'"' && self.field_start {
            self.quoted = true;
            self.opened_on = self.line;
        }
        if b == b'\n' {
            self.line += 1;
        } else if b == b'\r' {
            self.q_cr = true;
        }
        self.field_start = !self.quoted && matches!(b, b',' | b'\n' | b'\r');
    }

    /// Reads and prepares the rest, keeping nothing.
    fn drain(&mut self) {
        loop {
            self.at = self.out.len();
            if self.raw.is_empty() && !self.fill() {
                self.prepare();
                return;
            }
            self.prepare();
        }
    }

    /// The line a quoted field the whole file ended inside starts on.
    fn unclosed(&self) -> Option<u64> {
        self.quoted.then_some(self.opened_on)
    }
}

impl<R: std::io::Read> std::io::Read for Prepared<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            if self.raw.is_empty() && !self.fill() {
                self.prepare();
                if self.at == self.out.len() {
                    return Ok(0);
                }
                break;
            }
            self.prepare();
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The line on which a quoted field starts that the file ends inside, as
/// the CSV reader sees quotes: a quote opens a quoted field only as the
/// field's first character; inside, `""` is a quote and `"` closes it.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    let (mut line, mut opened_on) = (1u64, 0u64);
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            opened_on = line;
        }
        // A lone CR ends a line too (CR LF counts once, at its LF).
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
        field_start = !quoted && matches!(b, b',' | b'\n' | b'\r');
        i += 1;
    }
    quoted.then_some(opened_on)
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_line_endings(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !bytes.contains(&b'\r') {
        return std::borrow::Cow::Borrowed(bytes);
    }
    // Only record ends are normalised: a CR inside a quoted cell is the
    // cell's own content (`""` toggles twice, so escaped quotes are fine).
    let mut out = Vec::with_capacity(bytes.len());
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => {
                quoted = !quoted;
                out.push(b);
            }
            b'\r' if quoted => out.push(b),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            b'\r' => out.push(b'\n'),
            _ => out.push(b),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_ends_inside_a_quoted_field_is_refused_at_the_line_it_starts() {
        let cut = "job_no,branch,fault\nJ1,QD01,\"不制冷\"\nJ2,QD01,\"外机漏水\n还有\n";
        let err = read_table(cut.as_bytes(), &["job_no"]).unwrap_err();
        assert_eq!((err[0].line, err[0].column.as_str()), (3, "record"));
        assert!(
            err[0].reason.contains("ends inside a quoted field"),
            "{err:?}"
        );
        // Closed, escaped and mid-field quotes are not cut short.
        for whole in [
            "job_no,fault\nJ1,\"a \"\"b\"\" c\"\n",
            "job_no,fault\r\nJ1,\"two\r\nlines\"\r\n",
            "job_no,fault\nJ1,5\" screen\n",
        ] {
            assert!(unclosed_quote(whole.as_bytes()).is_none(), "{whole:?}");
        }
        assert_eq!(unclosed_quote(b"a\r\nb\r\"x\r\ny"), Some(3));
    }

    #[test]
    fn gbk_bytes_that_happen_to_be_valid_utf8_are_refused_at_their_first_line() {
        let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
        for name in ["郑伟", "卢梅", "漏水"] {
            let bytes = gbk(name);
            let utf8 = std::str::from_utf8(&bytes).unwrap();
            let mut file = "job_no,customer,fault\nJ1,王强,ok\nJ2,".as_bytes().to_vec();
            file.extend(&bytes);
            file.extend(b",ok\n");
            let p = read_table(&file, &["job_no"]).unwrap_err();
            assert_eq!(
                (p[0].line, p[0].column.as_str()),
                (3, "customer"),
                "{name} {utf8:?}"
            );
            assert!(p[0].reason.contains("save the file as UTF-8"), "{p:?}");
            assert!(p[0].reason.contains(name), "{p:?}");
        }
        assert!(gbk_as_utf8("郑伟").is_none());
        // An invisible character before ASCII is itself, not GBK: its GBK
        // reading (`鈥媏`) is Chinese, but the character is refused as
        // what it is, where it is refused.
        for s in [
            "\u{200b}e",
            "L\u{200b}AB",
            "\u{fe0f}x",
            "J\u{e0001}1",
            "\u{ad}a",
        ] {
            assert!(gbk_as_utf8(s).is_none(), "{s:?}");
        }
        // Real UTF-8 Chinese files pass, whatever their GBK reading.
        for s in [
            "阿依古丽·买买提",
            "青岛市崂山区海尔路1号（东门）",
            "BCD-470WDPG ×2 ℃ Ⅱ型 ①",
            "“不制冷”—外机漏水…",
            "Café 50% ±2°",
        ] {
            assert!(gbk_as_utf8(s).is_none(), "{s}");
        }
    }

    #[test]
    fn fields_past_one_too_many_never_reach_the_csv_reader() {
        use std::io::Read;
        let mut input = b"a,b,c\n1,\"x,\"\"y\",3\n".to_vec();
        input.extend(b"4,5,6");
        input.extend(std::iter::repeat_n(b',', 4_000_000));
        input.extend(b"\n7,\"8\n9\",10\n");
        let mut out = Vec::new();
        FieldCap::new(&input[..]).read_to_end(&mut out).unwrap();
        // The row of four million empty fields reaches the reader as one
        // field too many; the quoted comma, quote and line end are kept.
        assert_eq!(out, b"a,b,c\n1,\"x,\"\"y\",3\n4,5,6,\n7,\"8\n9\",10\n");
        let p = read_table(&input, &["a"]).unwrap_err();
        assert_eq!((p[0].line, p[0].column.as_str()), (3, "record"), "{p:?}");
        assert!(
            p[0].reason.contains("more fields than the header's 3"),
            "{p:?}"
        );
    }

    #[test]
    fn a_misspelt_header_cell_is_refused_with_the_column_meant() {
        let cards = [
            "job_no",
            "returned_at",
            "satisfaction",
            "signed_by",
            "charge",
        ];
        for (cell, meant) in [
            ("signed by", "signed_by"),
            ("Signed-By", "signed_by"),
            ("Charge (元)", "charge"),
            ("charge（元）", "charge"),
            ("\u{feff}job_no", "job_no"),
            ("returnd_at", "returned_at"),
            ("satisfation", "satisfaction"),
            // Only the exact name is the column (SPEC, third round).
            ("Signed_By", "signed_by"),
            ("JOB_NO", "job_no"),
            ("Job_No", "job_no"),
            (" job_no", "job_no"),
            ("job_no ", "job_no"),
            ("CHARGE", "charge"),
        ] {
            // Second, so that a BOM is not the file's own.
            let file = format!("returned_at,{cell}\nx,J1\n");
            let p = check_header(file.as_bytes(), &cards).unwrap_err();
            assert_eq!(p[0].line, 1);
            let shown = if cell.contains('\u{feff}') || cell.trim() != cell {
                format!("{cell:?}")
            } else {
                cell.to_string()
            };
            assert_eq!(p[0].column, shown);
            assert_eq!(p[0].reason, format!("not a column (did you mean {meant}?)"));
        }
        // The file's own BOM is no part of its first cell.
        let ok = check_header(b"\xEF\xBB\xBFjob_no,signed_by,remark,x\n", &cards).unwrap();
        assert_eq!(ok, ["remark", "x"]);
        // A reader without the check takes only the exact name.
        let t = read_table(b"Job_No,job_no\nA,B\n", &["job_no"]).unwrap();
        assert_eq!(t.get(&t.rows[0], "job_no"), "B");
        let p = read_table(b" job_no\nA\n", &["job_no"]).unwrap_err();
        assert_eq!((p[0].line, p[0].column.as_str()), (1, "job_no"), "{p:?}");
    }

    #[test]
    fn bom_crlf_any_order_and_extra_columns_are_accepted() {
        let t = read_table(
            "\u{feff}extra,job_no,branch\r\nx,J1,B1\r\n,,\r\ny,\"J2\",B1\r\n".as_bytes(),
            &["job_no", "branch"],
        )
        .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.get(&t.rows[1], "job_no"), "J2");
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.get(&t.rows[0], "phone"), "");
    }

    #[test]
    fn every_bad_line_is_reported() {
        let mut bytes = b"job_no,branch\nJ1\nJ2,B\xff\nJ3,B\x00\nJ4,B\n".to_vec();
        bytes.extend(format!("J5,{}\n", "x".repeat(3000)).as_bytes());
        let p = read_table(&bytes, &["job_no"]).unwrap_err();
        let lines: Vec<u64> = p.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4, 6], "{p:?}");
        assert_eq!(p[1].column, "branch");
    }

    #[test]
    fn empty_header_only_and_missing_columns() {
        assert!(
            read_table(b"", &[]).unwrap_err()[0]
                .reason
                .contains("empty")
        );
        assert!(
            read_table(b"job_no\n", &[]).unwrap_err()[0]
                .reason
                .contains("no data")
        );
        let p = read_table(b"branch\nB\n", &["job_no"]).unwrap_err();
        assert_eq!((p[0].line, p[0].column.as_str()), (1, "job_no"));
    }

    #[test]
    fn a_carriage_return_inside_a_quoted_cell_is_a_control_character_refused() {
        let p = read_table(b"job_no,note\r\nJ1,\"\ra\r\nb\"\r\nJ2,x\r\n", &["job_no"]).unwrap_err();
        assert_eq!((p[0].line, p[0].column.as_str()), (2, "note"), "{p:?}");
        assert!(p[0].reason.contains("U+000D"), "{p:?}");
        // A line feed inside a quoted cell is text; tab too.
        let t = read_table(b"job_no,note\r\nJ1,\"a\nb\tc\"\r\n", &["job_no"]).unwrap();
        assert_eq!(t.get_raw(&t.rows[0], "note"), "a\nb\tc");
    }

    #[test]
    fn a_control_character_in_any_field_is_refused_with_its_line_and_column() {
        for c in [
            '\u{0}', '\u{1}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}',
        ] {
            let text = format!("job_no,customer,fault\nJ1,王,ok\nJ2,李{c}梅,ok\n");
            let p = read_table(text.as_bytes(), &["job_no"]).unwrap_err();
            assert_eq!((p[0].line, p[0].column.as_str()), (3, "customer"), "{c:?}");
            assert!(
                p[0].reason.contains(&format!("U+{:04X}", c as u32)),
                "{p:?}"
            );
        }
        assert!(read_table("job_no,fault\nJ1,\u{a0}é不制冷\n".as_bytes(), &[]).is_ok());
    }

    #[test]
    fn quoted_fields_keep_commas_and_newlines() {
        let t = read_table("a,b\n\"1,2\",\"x\ny\"\n3,4\n".as_bytes(), &[]).unwrap();
        assert_eq!(t.get(&t.rows[0], "a"), "1,2");
        assert_eq!(t.rows[1].line, 4);
    }
}
/// Reading a file whole and reading it as it comes give the same rows and
/// problems, whatever the sizes of the reads.
#[cfg(test)]
mod reader_tests {
    use super::*;

    /// At most `n` bytes per read.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// The outcome as text: every row (line and fields) or every problem.
    fn outcome(r: Result<Table, Vec<Problem>>, rows: Vec<Row>) -> String {
        match r {
            Ok(t) => format!("{:?} {:?}", t.column_names(), rows),
            Err(p) => format!("{p:?}"),
        }
    }

    pub(crate) fn same_either_way(bytes: &[u8]) {
        for empty_ok in [false, true] {
            let mut rows = Vec::new();
            let whole = stream_table_with(bytes, &["a"], empty_ok, |_, r| {
                rows.push(r);
                Ok::<_, ()>(())
            })
            .unwrap();
            let whole = outcome(whole, rows);
            for n in [1, 2, 3, 5, 64, 100_000] {
                let mut rows = Vec::new();
                let streamed = stream_table_reader(Trickle(bytes, n), &["a"], empty_ok, |_, r| {
                    rows.push(r);
                    Ok::<_, ()>(())
                })
                .unwrap();
                assert_eq!(
                    outcome(streamed, rows),
                    whole,
                    "{:?} read {n} bytes at a time",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }

    #[test]
    fn a_file_read_as_it_comes_reads_as_the_whole_file() {
        let cases: &[&[u8]] = &[
            b"",
            b" \r\n \n",
            b"\xEF\xBB",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBFa,b\r\n1,2\r\n",
            b"\xFF\xFEa\x00,\x00b\x00",
            b"a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
            b"a,b\n1,2\n",
            b"a,b\r1,2\r3,4",
            b"a,b\r\n\"1\r\n2\",x\r\n3,4\r\n",
            b"a,b\n1,\"x\"\"y\"\"\"\n",
            b"a,b\n1,\"cut\n",
            b"a,b\n\"\"\"",
            b"a,b\n\"\"",
            b"a,b\n1,5\" screen\n",
            b"a\r\nb\r\"x\r\ny",
            b"a,b\n1\n2,\xff\n3,\x00\n4,5\n",
            b"b\nB\n",
            b"a\n",
            b"a,a\n1,2\n",
            b"\"a\",b\n\"1\r\",\"\r\"\r\n",
        ];
        for c in cases {
            same_either_way(c);
        }
        let mut long = b"a,b\n".to_vec();
        for i in 0..20_000 {
            long.extend(format!("{i},\"x\r\ny\"\"z\"\r\n").as_bytes());
        }
        same_either_way(&long);
        long.extend(b"9,\"cut short");
        same_either_way(&long);
    }
}

#[cfg(test)]
mod line_tests {
    #[test]
    fn line_numbers_are_right_with_crlf_lf_and_cr() {
        for sep in ["\r\n", "\n", "\r"] {
            let text = format!("\u{feff}a,b{sep}x,y{sep}z,w{sep}");
            let t = super::read_table(text.as_bytes(), &[]).unwrap();
            assert_eq!((t.rows[0].line, t.rows[1].line), (2, 3), "{sep:?}");
        }
    }
}
