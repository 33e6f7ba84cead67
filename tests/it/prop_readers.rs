//! Property tests of what reads outside input: the CSV table reader, the
//! record parsers and the time parsers. Arbitrary input must give a value
//! or a problem, never a panic; what is read must keep its line numbers.
//! Bounded (256 cases each) so the suite stays fast.

use branchdesk::domain::time::{Zone, parse_date, parse_hhmm, parse_instant, rfc3339};
use branchdesk::io::records::{parse_card, parse_job, parse_visit};
use branchdesk::io::{read_table, stream_table_reader};
use proptest::prelude::*;

const JOBS: &str = "job_no,branch,received_at,customer,phone,address,product_model,purchase_date,fault,requirement,appointment_start,appointment_end,engineer,warranty";
const VISITS: &str = "job_no,engineer,arrived_at,finished_at,outcome,charge,receipt_no,invoice_owed,return_due,new_appointment_start,new_appointment_end,note";
const CARDS: &str = "job_no,returned_at,satisfaction,signed_by,warranty_record,charge,receipt_no";

fn zones() -> Vec<Zone> {
    vec![
        Zone::parse("+08:00").unwrap(),
        Zone::parse("Asia/Shanghai").unwrap(),
        // Has DST gaps and overlaps.
        Zone::parse("America/New_York").unwrap(),
    ]
}

/// Text made mostly of what breaks CSV: separators, quotes, line ends,
/// NUL, a BOM, Chinese text, dates and codes.
fn csv_body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\0".to_string()),
        Just("\u{feff}".to_string()),
        Just("王秀英".to_string()),
        Just("QD01".to_string()),
        Just("J1".to_string()),
        Just("2026-02-30".to_string()),
        Just("2026-11-23 09:00".to_string()),
        Just("2026-03-08 02:30".to_string()),
        Just("-50".to_string()),
        Just("fixed".to_string()),
        Just("customer".to_string()),
        Just("yes".to_string()),
        Just(" ".to_string()),
        "[a-z0-9:+-]{0,6}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn read_all(header: &str, bytes: &[u8]) {
    let required: &[&str] = &["job_no"];
    for zone in zones() {
        let mut file = format!("{header}\n").into_bytes();
        file.extend_from_slice(bytes);
        match read_table(&file, required) {
            Ok(table) => {
                let mut last = 1;
                for row in &table.rows {
                    assert!(row.line > last, "line numbers go forward");
                    last = row.line;
                    let _ = parse_job(&table, row, &zone);
                    let _ = parse_visit(&table, row, &zone);
                    let _ = parse_card(&table, row, &zone);
                }
            }
            Err(problems) => {
                assert!(!problems.is_empty());
                // CR LF, a lone CR and a lone LF each end a line; "no data
                // rows" names the line after the last.
                let text = String::from_utf8_lossy(&file).replace("\r\n", "\n");
                let lines = text.chars().filter(|&c| c == '\n' || c == '\r').count() as u64 + 1;
                for p in problems {
                    assert!(p.line <= lines + 1, "problem line {} of {lines}", p.line);
                    assert!(p.line >= 1);
                    assert!(!p.column.is_empty() && !p.reason.is_empty());
                }
            }
        }
    }
}

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

/// Read whole or as it comes (`center import` streams a report), a file
/// gives the same rows, cells and line numbers, or the same problems.
fn streamed_as_whole(bytes: &[u8], chunk: usize) {
    let required: &[&str] = &["job_no"];
    let shown =
        |t: &branchdesk::io::Table, rows: &[branchdesk::io::Row]| -> Vec<(u64, Vec<String>)> {
            rows.iter()
                .map(|r| {
                    let cells = t
                        .column_names()
                        .iter()
                        .map(|c| t.get_raw(r, c).to_string())
                        .collect();
                    (r.line, cells)
                })
                .collect()
        };
    let whole =
        read_table(bytes, required).map(|t| (t.column_names().join(","), shown(&t, &t.rows)));
    let mut rows = Vec::new();
    let streamed = stream_table_reader(Trickle(bytes, chunk), required, false, |_, r| {
        rows.push(r);
        Ok::<_, ()>(())
    })
    .unwrap()
    .map(|t| (t.column_names().join(","), shown(&t, &rows)));
    assert_eq!(
        streamed,
        whole,
        "{:?} read {chunk} bytes at a time",
        String::from_utf8_lossy(bytes)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_file_streamed_reads_as_the_whole_file(
        body in csv_body(),
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        chunk in 1usize..80,
    ) {
        let mut file = b"job_no,branch\n".to_vec();
        file.extend_from_slice(body.as_bytes());
        streamed_as_whole(&file, chunk);
        streamed_as_whole(body.as_bytes(), chunk);
        streamed_as_whole(&bytes, chunk);
    }

    #[test]
    fn any_bytes_are_a_table_or_problems(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_table(&bytes, &["job_no", "branch"]);
        read_all(JOBS, &bytes);
    }

    #[test]
    fn csv_like_text_never_panics_the_readers(body in csv_body()) {
        read_all(JOBS, body.as_bytes());
        read_all(VISITS, body.as_bytes());
        read_all(CARDS, body.as_bytes());
    }

    #[test]
    fn any_text_is_a_time_or_a_reason(s in "\\PC{0,40}") {
        for zone in zones() {
            let _ = parse_instant(&s, &zone);
        }
        let _ = parse_date(&s);
        let _ = parse_hhmm(&s);
    }

    #[test]
    fn time_like_text_is_a_time_or_a_reason(
        y in 0i32..10000, mo in 0u32..14, d in 0u32..33, h in 0u32..26, mi in 0u32..62,
        sep in prop_oneof![Just(" "), Just("T"), Just("/")],
        off in prop_oneof![Just(""), Just("Z"), Just("+08:00"), Just("-23:59"), Just("+99:00")],
    ) {
        let s = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}{off}");
        for zone in zones() {
            // (Until 1901 zones had local mean time offsets with seconds,
            // which RFC 3339 cannot write: Shanghai's was +08:05:43.)
            if let Ok(t) = parse_instant(&s, &zone)
                && (1902..=2200).contains(&y)
            {
                // Whatever was read is shown and read back as the same instant.
                prop_assert_eq!(parse_instant(&rfc3339(&zone, t), &zone), Ok(t));
            }
        }
        let _ = parse_date(&s[..10]);
    }

    #[test]
    fn what_cannot_be_true_is_refused_by_the_record_readers(
        y in 0i32..10000,
        bad in prop_oneof![
            Just('\u{1b}'), Just('\u{7}'), Just('\u{200b}'), Just('\u{200d}'), Just('\u{200e}'),
            Just('\u{202e}'), Just('\u{2066}'), Just('\u{feff}'), Just('\u{85}'),
        ],
        at in 0usize..4,
    ) {
        let zone = Zone::parse("Asia/Shanghai").unwrap();
        // A year outside 2000–2099, as a date or a time, in any column.
        let row = format!("J1,QD01,{y:04}-06-01 09:00,,,,,{y:04}-06-01,,,,,,");
        let t = read_table(format!("{JOBS}\n{row}\n").as_bytes(), &["job_no"]).unwrap();
        let job = parse_job(&t, &t.rows[0], &zone);
        prop_assert_eq!(job.is_ok(), (2000..=2099).contains(&y));
        if let Err(p) = job {
            let cols: Vec<&str> = p.iter().map(|p| p.column.as_str()).collect();
            prop_assert_eq!(cols, ["received_at", "purchase_date"]);
        }
        // A job number with an invisible or control character anywhere.
        let mut no: Vec<char> = "J12".chars().collect();
        no.insert(at.min(no.len()), bad);
        let no: String = no.into_iter().collect();
        for (header, row) in [
            (JOBS, format!("\"{no}\",QD01,,,,,,,,,,,,")),
            (VISITS, format!("\"{no}\",,,,consulted,,,,,,,")),
            (CARDS, format!("\"{no}\",,,,,,")),
        ] {
            // A control character is refused by the reader of every field,
            // the others by the job number's own check.
            let problems = match read_table(format!("{header}\n{row}\n").as_bytes(), &["job_no"]) {
                Err(p) => Some(p),
                Ok(t) => match header {
                    JOBS => parse_job(&t, &t.rows[0], &zone).err(),
                    VISITS => parse_visit(&t, &t.rows[0], &zone).err(),
                    _ => parse_card(&t, &t.rows[0], &zone).err(),
                },
            };
            {
                prop_assert!(
                    problems.is_some_and(|p| p.iter().any(|p| p.column == "job_no")),
                    "{:?} accepted", no
                );
            }
        }
    }

    #[test]
    fn an_instant_written_is_read_back(secs in -2_000_000_000i64..4_000_000_000) {
        let t = branchdesk::domain::time::from_unix(secs);
        for zone in zones() {
            prop_assert_eq!(parse_instant(&rfc3339(&zone, t), &zone), Ok(t));
        }
    }
}
