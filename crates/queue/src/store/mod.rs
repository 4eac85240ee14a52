//! The two databases behind one way of writing SQL. Queue operations are written once, against
//! [`Tx`], in SQL both databases read: `$1`-style parameters (rewritten to `?1` for SQLite),
//! `CASE` instead of `MAX`/`GREATEST`, `ON CONFLICT DO NOTHING`. What only one database can say
//! (PostgreSQL's row locks) comes from [`Dialect`].

pub(crate) mod postgres;
pub(crate) mod sqlite;

use crate::QueueError;

/// Which database a transaction talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// What a `SELECT` of rows to be changed adds so that concurrent claimers pass each other
    /// by: PostgreSQL's `FOR UPDATE SKIP LOCKED`. SQLite has one writer at a time, so nothing.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// What a `SELECT` adds to hold the rows it read until the transaction ends.
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
}

/// A value passed to or read from either database.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Parameters for [`Tx`]: `vals![a, b]`.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { &[$($crate::store::Value::from($v)),*][..] };
}
pub(crate) use vals;

/// One row read, its columns by name.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub names: std::sync::Arc<[String]>,
    pub values: Vec<Value>,
}

impl Row {
    fn value(&self, name: &str) -> Result<&Value, QueueError> {
        self.names
            .iter()
            .position(|n| n == name)
            .and_then(|i| self.values.get(i))
            .ok_or_else(|| QueueError::Column(format!("no column {name}")))
    }

    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, QueueError> {
        self.value(name)?.opt_i64(name)
    }
    pub fn i64(&self, name: &str) -> Result<i64, QueueError> {
        self.opt_i64(name)?.ok_or_else(|| null(name))
    }
    pub fn f64(&self, name: &str) -> Result<f64, QueueError> {
        match self.value(name)? {
            Value::Real(v) => Ok(*v),
            // Both databases may hand a whole number back for a REAL column.
            #[allow(clippy::cast_precision_loss)]
            Value::Int(v) => Ok(*v as f64),
            other => Err(mismatch(name, other)),
        }
    }
    pub fn opt_str(&self, name: &str) -> Result<Option<String>, QueueError> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            other => Err(mismatch(name, other)),
        }
    }
    pub fn str(&self, name: &str) -> Result<String, QueueError> {
        self.opt_str(name)?.ok_or_else(|| null(name))
    }
    pub fn bool(&self, name: &str) -> Result<bool, QueueError> {
        self.value(name)?.bool(name)
    }
}

impl Value {
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, QueueError> {
        match self {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            other => Err(mismatch(name, other)),
        }
    }
    /// SQLite keeps booleans as 0 and 1.
    pub fn bool(&self, name: &str) -> Result<bool, QueueError> {
        match self {
            Value::Bool(b) => Ok(*b),
            Value::Int(v) => Ok(*v != 0),
            other => Err(mismatch(name, other)),
        }
    }
}

fn null(name: &str) -> QueueError {
    QueueError::Column(format!("{name} is NULL"))
}

fn mismatch(name: &str, got: &Value) -> QueueError {
    QueueError::Column(format!("{name} holds {got:?}"))
}

/// One transaction on either database.
pub(crate) trait Tx {
    fn dialect(&self) -> Dialect;

    /// Runs a statement; returns the rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, QueueError>;

    /// Runs a query (or a statement with `RETURNING`); returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, QueueError>;

    /// The time by the database's clock, Unix ms. On PostgreSQL that is the server's, so that
    /// workers on machines whose clocks disagree still agree on when a lease expires.
    fn now_ms(&mut self) -> Result<i64, QueueError>;

    /// At most one row.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, QueueError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Exactly one row.
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, QueueError> {
        self.query_opt(sql, params)?
            .ok_or_else(|| QueueError::Column("a query that returns one row returned none".into()))
    }
}
