//! Schema migrations, applied in order when a queue is opened: one numbered, append-only set
//! per database, in `migrations/sqlite/` and `migrations/postgres/` at the repository's root.

use rusqlite_migration::{Migrations, M};

/// Every SQLite migration, oldest first. Index `i` brings the schema to version `i + 1`.
pub const MIGRATIONS_SQL: &[&str] = &[
    include_str!("../../../migrations/sqlite/0001_render_jobs.sql"),
    include_str!("../../../migrations/sqlite/0002_queue_settings.sql"),
    include_str!("../../../migrations/sqlite/0003_changes_and_outputs.sql"),
    include_str!("../../../migrations/sqlite/0004_error_detail.sql"),
    include_str!("../../../migrations/sqlite/0005_workers.sql"),
];

/// The SQLite migrations as rusqlite_migration applies them (it keeps the version in
/// `PRAGMA user_version`).
pub static MIGRATIONS: std::sync::LazyLock<Migrations<'static>> = std::sync::LazyLock::new(|| {
    Migrations::new(MIGRATIONS_SQL.iter().map(|sql| M::up(sql)).collect())
});

pub(crate) mod postgres {
    use crate::target::PgTarget;
    use crate::QueueError;

    /// Every PostgreSQL migration, oldest first.
    pub const SQL: &[&str] = &[include_str!(
        "../../../migrations/postgres/0001_render_jobs.sql"
    )];

    /// Any number: the advisory lock all Estúdio processes take while they migrate, so that
    /// workers starting together do not apply a migration twice.
    const LOCK: i64 = 0x0e57_0d10;

    /// Brings the schema up to date in one transaction (DDL is transactional in PostgreSQL:
    /// a failed migration leaves nothing half-done).
    ///
    /// # Errors
    /// A migration failed, or the schema is newer than this build knows.
    pub fn apply(client: &mut postgres::Client, target: &PgTarget) -> Result<(), QueueError> {
        let mut tx = client.transaction().map_err(|e| target.lost(e.into()))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS estudio_schema (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )?;
        let found: i32 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM estudio_schema", &[])?
            .get(0);
        let found = u32::try_from(found).unwrap_or(0);
        let known = u32::try_from(SQL.len()).unwrap_or(u32::MAX);
        if found > known {
            return Err(QueueError::Newer { found, known });
        }
        for (i, sql) in SQL.iter().enumerate().skip(found as usize) {
            tx.batch_execute(sql)?;
            let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
            tx.execute(
                "INSERT INTO estudio_schema (version) VALUES ($1)",
                &[&version],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::MIGRATIONS.validate().unwrap();
    }
}
