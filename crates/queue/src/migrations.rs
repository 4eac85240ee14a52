//! Schema migrations, applied in order when a queue is opened. Files in `migrations/` at the
//! repository's root; append-only.

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first. Index `i` brings the schema to version `i + 1`.
pub const MIGRATIONS_SQL: &[&str] = &[
    include_str!("../../../migrations/0001_render_jobs.sql"),
    include_str!("../../../migrations/0002_queue_settings.sql"),
    include_str!("../../../migrations/0003_changes_and_outputs.sql"),
    include_str!("../../../migrations/0004_error_detail.sql"),
];

/// The migrations as rusqlite_migration applies them.
pub static MIGRATIONS: std::sync::LazyLock<Migrations<'static>> = std::sync::LazyLock::new(|| {
    Migrations::new(MIGRATIONS_SQL.iter().map(|sql| M::up(sql)).collect())
});

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::MIGRATIONS.validate().unwrap();
    }
}
