//! [`Tx`] on SQLite (rusqlite).

use std::sync::Arc;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;

use super::{Dialect, Row, Tx, Value};
use crate::QueueError;

/// A connection inside a transaction its owner began (or a plain read).
pub(crate) struct SqliteTx<'a>(pub &'a Connection);

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
        })
    }
}

/// `$1` → `?1`: SQLite reads `$1` as a *named* parameter and numbers those in order of first
/// appearance, so a statement that uses `$2` before `$1` would bind them the wrong way round.
fn numbered(sql: &str) -> std::borrow::Cow<'_, str> {
    if !sql.contains('$') {
        return sql.into();
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out.into()
}

fn read(row: &rusqlite::Row<'_>, names: &Arc<[String]>) -> rusqlite::Result<Row> {
    let values = (0..names.len())
        .map(|i| {
            Ok(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(v) => Value::Int(v),
                ValueRef::Real(v) => Value::Real(v),
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    Ok(Row {
        names: Arc::clone(names),
        values,
    })
}

impl Tx for SqliteTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, QueueError> {
        let n = self
            .0
            .prepare_cached(&numbered(sql))?
            .execute(rusqlite::params_from_iter(params))?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, QueueError> {
        let mut stmt = self.0.prepare_cached(&numbered(sql))?;
        let names: Arc<[String]> = stmt
            .column_names()
            .iter()
            .map(|n| (*n).to_owned())
            .collect();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| read(r, &names))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn now_ms(&mut self) -> Result<i64, QueueError> {
        // Every process using a SQLite file is on this computer: its clock is the one clock.
        Ok(crate::now_ms())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_are_numbered_for_sqlite() {
        assert_eq!(super::numbered("a = $2 AND b = $10"), "a = ?2 AND b = ?10");
        assert_eq!(super::numbered("no params"), "no params");
    }
}
