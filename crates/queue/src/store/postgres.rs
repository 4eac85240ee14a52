//! [`Tx`] on PostgreSQL (the sync `postgres` crate), the connection it keeps, and the way a
//! lost connection is made again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Statement};

use super::{Dialect, Row, Tx, Value};
use crate::target::PgTarget;
use crate::QueueError;

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        // The statement's parameter types come from PostgreSQL's reading of the SQL; a value is
        // written as the type asked for, so the same queue code binds i64 to BIGINT and to the
        // INTEGER of a literal alike.
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Int(v), &Type::INT8) => v.to_sql(ty, out),
            (Value::Int(v), &Type::INT4) => i32::try_from(*v)?.to_sql(ty, out),
            (Value::Int(v), &Type::INT2) => i16::try_from(*v)?.to_sql(ty, out),
            #[allow(clippy::cast_precision_loss)]
            (Value::Int(v), &Type::FLOAT8) => (*v as f64).to_sql(ty, out),
            (Value::Int(v), &Type::BOOL) => (*v != 0).to_sql(ty, out),
            (Value::Real(v), &Type::FLOAT8) => v.to_sql(ty, out),
            #[allow(clippy::cast_possible_truncation)]
            (Value::Real(v), &Type::FLOAT4) => (*v as f32).to_sql(ty, out),
            (Value::Text(s), _) => s.as_str().to_sql(ty, out),
            (Value::Bool(b), &Type::BOOL) => b.to_sql(ty, out),
            (Value::Bool(b), &Type::INT8) => i64::from(*b).to_sql(ty, out),
            (v, ty) => Err(format!("{v:?} cannot be sent as {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn read(row: &postgres::Row, names: &Arc<[String]>) -> Result<Row, QueueError> {
    let values = row
        .columns()
        .iter()
        .enumerate()
        .map(|(i, col)| {
            Ok(match *col.type_() {
                Type::INT8 => row
                    .try_get::<_, Option<i64>>(i)?
                    .map_or(Value::Null, Value::Int),
                Type::INT4 => row
                    .try_get::<_, Option<i32>>(i)?
                    .map_or(Value::Null, |v| Value::Int(v.into())),
                Type::INT2 => row
                    .try_get::<_, Option<i16>>(i)?
                    .map_or(Value::Null, |v| Value::Int(v.into())),
                Type::FLOAT8 => row
                    .try_get::<_, Option<f64>>(i)?
                    .map_or(Value::Null, Value::Real),
                Type::FLOAT4 => row
                    .try_get::<_, Option<f32>>(i)?
                    .map_or(Value::Null, |v| Value::Real(v.into())),
                Type::BOOL => row
                    .try_get::<_, Option<bool>>(i)?
                    .map_or(Value::Null, Value::Bool),
                Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => row
                    .try_get::<_, Option<String>>(i)?
                    .map_or(Value::Null, Value::Text),
                ref other => {
                    return Err(QueueError::Column(format!(
                        "{} is of type {other}, which the queue does not read",
                        col.name()
                    )))
                }
            })
        })
        .collect::<Result<_, QueueError>>()?;
    Ok(Row {
        names: Arc::clone(names),
        values,
    })
}

/// A connection and the statements prepared on it (prepared once: a claim is then one round
/// trip per statement instead of two).
pub(crate) struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

struct PgTx<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<Statement, QueueError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

fn params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Tx for PgTx<'_, '_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64, QueueError> {
        let stmt = self.statement(sql)?;
        Ok(self.tx.execute(&stmt, &params(values))?)
    }

    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>, QueueError> {
        let stmt = self.statement(sql)?;
        let names: Arc<[String]> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        self.tx
            .query(&stmt, &params(values))?
            .iter()
            .map(|r| read(r, &names))
            .collect()
    }

    fn now_ms(&mut self) -> Result<i64, QueueError> {
        self.query_one(
            "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now",
            &[],
        )?
        .i64("now")
    }
}

/// The queue's connection to a PostgreSQL server. A connection that broke (the server
/// restarted, the network went away) is dropped and made again at the next use, so a worker
/// rides out a restart: its next heartbeat reconnects.
pub(crate) struct PgStore {
    target: PgTarget,
    conn: Mutex<Option<Conn>>,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    ///
    /// # Errors
    /// The server cannot be reached, refuses the login, or a migration failed.
    pub fn connect(target: PgTarget) -> Result<Self, QueueError> {
        let mut client = target.connect()?;
        crate::migrations::postgres::apply(&mut client, &target)?;
        Ok(Self {
            target,
            conn: Mutex::new(Some(Conn {
                client,
                statements: HashMap::new(),
            })),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Option<Conn>> {
        // A panic while holding the lock cannot leave a transaction half-done (it rolls back
        // when dropped), so a poisoned lock is safe to keep using.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `f` in one transaction (READ COMMITTED; the claim takes its row locks itself).
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, QueueError>,
    ) -> Result<T, QueueError> {
        let mut guard = self.lock();
        if guard.as_ref().is_none_or(|c| c.client.is_closed()) {
            *guard = None;
            *guard = Some(Conn {
                client: self.target.connect()?,
                statements: HashMap::new(),
            });
        }
        let Some(conn) = guard.as_mut() else {
            unreachable!("connected just above")
        };
        let result = (|| -> Result<T, QueueError> {
            let mut tx = conn.client.transaction()?;
            let out = f(&mut PgTx {
                tx: &mut tx,
                statements: &mut conn.statements,
            })?;
            tx.commit()?;
            Ok(out)
        })();
        if let Err(e) = &result {
            if conn.client.is_closed() || e.connection_lost() {
                // Made again at the next call; this one's outcome is reported as it is.
                *guard = None;
            }
        }
        result.map_err(|e| self.target.lost(e))
    }
}
