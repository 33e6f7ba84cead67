//! Signed manifests: a branch signs its daily report's manifest with
//! Ed25519, and anyone holding the branch's public key can check it.
//!
//! What is signed is the UTF-8 bytes of the manifest object without its
//! `signature` key, written with every object's keys sorted and no
//! whitespace ([`canonical`]); the manifest carries the CSV's `sha256`, so
//! the signature covers the report's bytes too. Pure: keys come in, bytes
//! and verdicts go out (the key files are `crate::io::keys`).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde_json::Value;

/// The manifest key holding the signer's public key (64 hex).
pub const PUBLIC_KEY: &str = "public_key";
/// The manifest key holding the signature (128 hex).
pub const SIGNATURE: &str = "signature";

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of exactly `N` from hex (either case), or why not.
pub fn unhex<const N: usize>(s: &str) -> Result<[u8; N], String> {
    if s.len() != 2 * N || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{} hex digits expected", 2 * N));
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Why bytes are not the JSON they should be, in words a clerk can act on
/// (and the screens can say in Chinese): where it breaks, not the parser's
/// own terms. A value of the wrong shape keeps the parser's words.
pub fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        Category::Eof => format!("the JSON ends too early, at line {line} column {column}"),
        Category::Syntax => format!("not JSON at line {line} column {column}"),
        Category::Io | Category::Data => e.to_string(),
    }
}

/// A JSON value read into `T`; a value of the wrong type is said in words
/// with the field it is in (`generation: the text "1" where a whole number
/// 0 or more belongs`), not in serde's (`invalid type: string "1",
/// expected u32`).
pub fn from_json_value<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let why = data_reason(&e.inner().to_string());
        match e.path().to_string() {
            p if p.is_empty() || p == "." => why,
            p => format!("{p}: {why}"),
        }
    })
}

/// serde's words for a value of the wrong type or a missing field, said
/// for people.
fn data_reason(msg: &str) -> String {
    let rest = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "));
    if let Some((found, expected)) = rest.and_then(|r| r.rsplit_once(", expected ")) {
        return format!(
            "{} where {} belongs",
            found_words(found),
            expected_words(expected)
        );
    }
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return format!("the field {field} is missing");
    }
    msg.to_string()
}

fn found_words(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('`'))
            .and_then(|r| r.strip_suffix('`'))
    };
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number {n}");
    }
    if let Some(b) = quoted("boolean ") {
        return b.to_string();
    }
    match found {
        "null" => "null",
        "sequence" => "a list",
        "map" => "an object",
        other => other,
    }
    .to_string()
}

fn expected_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "a string" => "text",
        "a sequence" => "a list",
        "a boolean" => "true or false",
        other => other,
    }
    .to_string()
}

/// A JSON document read as `serde_json` reads it, except that an object
/// with a key said twice is refused (`serde_json` keeps the last one, so a
/// manifest could show one reader one value and another reader another).
pub fn json_without_repeated_keys(bytes: &[u8]) -> Result<Value, String> {
    use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

    struct Strict;

    impl<'de> DeserializeSeed<'de> for Strict {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Strict {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(v.into())
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(v.into())
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut v = Vec::new();
            while let Some(x) = seq.next_element_seed(Strict)? {
                v.push(x);
            }
            Ok(Value::Array(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut m = serde_json::Map::new();
            while let Some(k) = map.next_key::<String>()? {
                if m.contains_key(&k) {
                    return Err(A::Error::custom(format!("the key {k:?} appears twice")));
                }
                let v = map.next_value_seed(Strict)?;
                m.insert(k, v);
            }
            Ok(Value::Object(m))
        }
    }

    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v = Strict.deserialize(&mut de).map_err(|e| json_reason(&e))?;
    de.end().map_err(|e| json_reason(&e))?;
    Ok(v)
}

/// A public key from its 64 hex digits.
pub fn parse_public_key(s: &str) -> Result<VerifyingKey, String> {
    let bytes = unhex::<32>(s.trim()).map_err(|e| format!("public key {s:?}: {e}"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| format!("public key {s:?} is not an Ed25519 key"))
}

/// The public key of a signing key, as 64 hex digits.
pub fn public_hex(key: &SigningKey) -> String {
    hex(key.verifying_key().as_bytes())
}

/// Writes `v` with keys sorted and no whitespace.
fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&m[*k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The bytes that are signed: the object without `signature`, keys
/// sorted, no whitespace. `None` when `manifest` is not an object.
pub fn canonical(manifest: &Value) -> Option<Vec<u8>> {
    let mut m = manifest.as_object()?.clone();
    m.remove(SIGNATURE);
    let mut s = String::new();
    write_canonical(&Value::Object(m), &mut s);
    Some(s.into_bytes())
}

/// Puts `public_key` and `signature` into a manifest object.
pub fn sign(manifest: &mut Value, key: &SigningKey) {
    let Some(m) = manifest.as_object_mut() else {
        return;
    };
    m.insert(PUBLIC_KEY.into(), public_hex(key).into());
    m.remove(SIGNATURE);
    let bytes = canonical(manifest).unwrap_or_default();
    let sig = key.sign(&bytes);
    if let Some(m) = manifest.as_object_mut() {
        m.insert(SIGNATURE.into(), hex(&sig.to_bytes()).into());
    }
}

/// Why a manifest's signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    Unsigned,
    Malformed(String),
    /// Signed, but the signature does not match the content (edited after
    /// signing, or signed with another key than the one it names).
    Wrong,
}

impl std::fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureProblem::Unsigned => write!(f, "the manifest is not signed"),
            SignatureProblem::Malformed(e) => write!(f, "the manifest's signature: {e}"),
            SignatureProblem::Wrong => write!(
                f,
                "the manifest's signature does not match its content (changed after it was signed)"
            ),
        }
    }
}

/// Checks the manifest's signature against the public key it carries;
/// returns that key (64 hex) when the signature holds.
pub fn verify(manifest: &Value) -> Result<String, SignatureProblem> {
    let field = |k: &str| manifest.get(k).and_then(Value::as_str);
    let (Some(key), Some(sig)) = (field(PUBLIC_KEY), field(SIGNATURE)) else {
        return Err(SignatureProblem::Unsigned);
    };
    let public = parse_public_key(key).map_err(SignatureProblem::Malformed)?;
    let sig = unhex::<64>(sig)
        .map_err(|e| SignatureProblem::Malformed(format!("signature: {e}")))
        .map(|b| Signature::from_bytes(&b))?;
    let bytes = canonical(manifest).ok_or(SignatureProblem::Wrong)?;
    public
        .verify(&bytes, &sig)
        .map_err(|_| SignatureProblem::Wrong)?;
    Ok(hex(public.as_bytes()))
}

#[cfg(test)]
mod tests {

    /// A value of the wrong type or a field missing, said with its field
    /// in words, not serde's.
    #[test]
    fn a_field_of_the_wrong_type_is_said_with_its_name() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct M {
            generation: u32,
            branch: String,
            history: Vec<String>,
        }
        let read = |v: Value| from_json_value::<M>(v).unwrap_err();
        assert_eq!(
            read(serde_json::json!({"generation": "1", "branch": "QD", "history": []})),
            "generation: the text \"1\" where a whole number 0 or more belongs"
        );
        assert_eq!(
            read(serde_json::json!({"generation": -1, "branch": "QD", "history": []})),
            "generation: the number -1 where a whole number 0 or more belongs"
        );
        assert_eq!(
            read(serde_json::json!({"generation": 1, "branch": 7, "history": []})),
            "branch: the number 7 where text belongs"
        );
        assert_eq!(
            read(serde_json::json!({"generation": 1, "branch": "QD", "history": [1]})),
            "history[0]: the number 1 where text belongs"
        );
        assert_eq!(
            read(serde_json::json!({"generation": 1, "history": []})),
            "the field branch is missing"
        );
    }

    use super::*;
    use serde_json::json;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn canonical_form_sorts_keys_at_every_level_and_has_no_whitespace() {
        let v = json!({"b": 1, "a": {"z": [1, "x y"], "c": null}, "signature": "00"});
        assert_eq!(
            String::from_utf8(canonical(&v).unwrap()).unwrap(),
            r#"{"a":{"c":null,"z":[1,"x y"]},"b":1}"#
        );
    }

    #[test]
    fn a_signed_manifest_verifies_and_any_change_breaks_it() {
        let mut m = json!({"branch": "QD01", "rows": 3, "sha256": "ab", "history": []});
        sign(&mut m, &key(7));
        assert_eq!(verify(&m).unwrap(), public_hex(&key(7)));
        assert_eq!(m["public_key"].as_str().unwrap().len(), 64);
        assert_eq!(m["signature"].as_str().unwrap().len(), 128);
        // Key order and whitespace do not matter: the content does.
        let text = serde_json::to_string_pretty(&m).unwrap();
        assert!(verify(&serde_json::from_str(&text).unwrap()).is_ok());
        for (k, v) in [
            ("rows", json!(4)),
            ("sha256", json!("cd")),
            ("extra", json!(true)),
        ] {
            let mut bad = m.clone();
            bad[k] = v;
            assert_eq!(verify(&bad), Err(SignatureProblem::Wrong), "{k}");
        }
        // Re-signed by someone else: valid, but with their key.
        let mut other = m.clone();
        sign(&mut other, &key(8));
        assert_eq!(verify(&other).unwrap(), public_hex(&key(8)));
        // Another key named over the same signature fails.
        let mut swapped = m.clone();
        swapped["public_key"] = public_hex(&key(8)).into();
        assert_eq!(verify(&swapped), Err(SignatureProblem::Wrong));
        let mut unsigned = m.clone();
        unsigned.as_object_mut().unwrap().remove("signature");
        assert_eq!(verify(&unsigned), Err(SignatureProblem::Unsigned));
        unsigned["signature"] = "zz".into();
        assert!(matches!(
            verify(&unsigned),
            Err(SignatureProblem::Malformed(_))
        ));
    }

    /// Broken JSON is said by where it breaks (in words the Chinese
    /// templates know): a manifest cut short, and one that is not JSON.
    #[test]
    fn broken_json_is_said_by_where_it_breaks() {
        let cut = json_without_repeated_keys(b"{\"branch\": \"QD01\",").unwrap_err();
        assert_eq!(cut, "the JSON ends too early, at line 1 column 18");
        let not = json_without_repeated_keys(b"nope").unwrap_err();
        assert_eq!(not, "not JSON at line 1 column 2");
    }
}
