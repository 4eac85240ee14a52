//! One video rendered by many workers: a job's owner publishes its parts as pieces, any worker
//! claims one (SKIP LOCKED, as jobs are claimed), renders it into the shared cache of parts and
//! marks it done; a piece whose worker died goes back to the queue when its lease expires.
//! Every write of a piece's worker is guarded by the piece's lease, as a job's are.

use super::{duration_ms, Queue};
use crate::store::{vals, Tx};
use crate::{JobStatus, Lease, QueueError, WorkerId};

/// A worker's hold on one piece of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceLease {
    pub job_id: String,
    pub piece: i64,
    pub owner: String,
    /// How many times the piece was claimed, this claim included: guards the writes as a job's
    /// attempt does.
    pub claims: i64,
}

/// A piece claimed, with what its worker needs to plan the job's render.
#[derive(Debug, Clone)]
pub struct ClaimedPiece {
    pub lease: PieceLease,
    pub snapshot: String,
    pub options: String,
    pub preset: String,
    pub output: String,
}

/// How far a job's pieces are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PiecesLeft {
    pub queued: i64,
    pub processing: i64,
    pub done: i64,
}

/// A piece as the job's log shows it: who rendered it, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceInfo {
    pub piece: i64,
    pub status: String,
    pub worker: Option<String>,
    pub claims: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

impl Queue {
    /// Publishes `count` pieces of the job `lease` holds (pieces already there, done by an
    /// earlier attempt, are kept as they are).
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's.
    pub fn publish_pieces(&self, lease: &Lease, count: usize) -> Result<(), QueueError> {
        self.write(|tx| {
            Self::held_job(tx, lease)?;
            for piece in 0..i64::try_from(count).unwrap_or(i64::MAX) {
                tx.execute(
                    "INSERT INTO render_job_pieces (job_id, piece) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    vals![&lease.job_id, piece],
                )?;
            }
            Ok(())
        })
    }

    /// Claims a queued piece: of `job` when given (its owner), else of any job being rendered
    /// but those in `skip`, oldest job first. Exactly one worker gets each piece.
    ///
    /// # Errors
    /// Database errors only.
    pub fn claim_piece(
        &self,
        worker: &WorkerId,
        job: Option<&str>,
        skip: &[String],
    ) -> Result<Option<ClaimedPiece>, QueueError> {
        let not_in = if skip.is_empty() {
            String::new()
        } else {
            let marks: Vec<String> = (0..skip.len()).map(|i| format!("${}", i + 1)).collect();
            format!(" AND p.job_id NOT IN ({})", marks.join(", "))
        };
        let skipped: Vec<crate::store::Value> =
            skip.iter().map(crate::store::Value::from).collect();
        let lease_ms = duration_ms(self.config.lease);
        self.write(|tx| {
            let now = tx.now_ms()?;
            let lock = tx.dialect().skip_locked();
            let found = match job {
                Some(id) => tx.query_opt(
                    &format!(
                        "SELECT job_id, piece FROM render_job_pieces
                         WHERE job_id = $1 AND status = 'queued' ORDER BY piece LIMIT 1{lock}"
                    ),
                    vals![id],
                )?,
                None => tx.query_opt(
                    &format!(
                        "SELECT p.job_id, p.piece FROM render_job_pieces p JOIN render_jobs j ON j.id = p.job_id
                         WHERE p.status = 'queued' AND j.status = 'processing' AND j.cancel_requested_at IS NULL{not_in}
                         ORDER BY j.priority DESC, j.created_at, p.piece LIMIT 1{}",
                        // Only the piece's row is locked, not its job's (the owner writes that).
                        if lock.is_empty() { "" } else { " FOR UPDATE OF p SKIP LOCKED" }
                    ),
                    &skipped,
                )?,
            };
            let Some(found) = found else { return Ok(None) };
            let (job_id, piece) = (found.str("job_id")?, found.i64("piece")?);
            let row = tx.query_one(
                "UPDATE render_job_pieces SET status = 'processing', claims = claims + 1, lease_owner = $3,
                    worker_name = $4, lease_expires_at = $5, started_at = $6, finished_at = NULL
                 WHERE job_id = $1 AND piece = $2 AND status = 'queued'
                 RETURNING claims",
                vals![&job_id, piece, &worker.owner, &worker.name, now + lease_ms, now],
            )?;
            let job = tx.query_one(
                "SELECT project_snapshot, options, preset, output_path FROM render_jobs WHERE id = $1",
                vals![&job_id],
            )?;
            Ok(Some(ClaimedPiece {
                lease: PieceLease { job_id, piece, owner: worker.owner.clone(), claims: row.i64("claims")? },
                snapshot: job.str("project_snapshot")?,
                options: job.str("options")?,
                preset: job.str("preset")?,
                output: job.str("output_path")?,
            }))
        })
    }

    /// Renews a piece's lease. Returns whether its job still wants it (not canceled, still
    /// rendering).
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the piece is no longer this worker's.
    pub fn piece_heartbeat(&self, lease: &PieceLease) -> Result<bool, QueueError> {
        let lease_ms = duration_ms(self.config.lease);
        self.write(|tx| {
            let now = tx.now_ms()?;
            Self::held_piece(tx, lease)?;
            tx.execute(
                "UPDATE render_job_pieces SET lease_expires_at = $3 WHERE job_id = $1 AND piece = $2",
                vals![&lease.job_id, lease.piece, now + lease_ms],
            )?;
            let job = tx.query_opt(
                "SELECT status, cancel_requested_at IS NOT NULL AS cancel FROM render_jobs WHERE id = $1",
                vals![&lease.job_id],
            )?;
            Ok(match job {
                Some(j) => j.str("status")? == JobStatus::Processing.as_str() && !j.bool("cancel")?,
                None => false,
            })
        })
    }

    /// Ends a piece: `done`, or back to the queue for any worker (its render failed here).
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the piece is no longer this worker's.
    pub fn finish_piece(&self, lease: &PieceLease, done: bool) -> Result<(), QueueError> {
        self.write(|tx| {
            let now = tx.now_ms()?;
            Self::held_piece(tx, lease)?;
            tx.execute(
                "UPDATE render_job_pieces SET status = $3, lease_owner = NULL, lease_expires_at = NULL,
                    finished_at = $4
                 WHERE job_id = $1 AND piece = $2",
                vals![&lease.job_id, lease.piece, if done { "done" } else { "queued" }, done.then_some(now)],
            )?;
            Ok(())
        })
    }

    /// How many of the job's pieces are queued, rendering and done; pieces whose worker stopped
    /// beating are put back in the queue first (so the owner, waiting, takes them itself).
    ///
    /// # Errors
    /// Database errors only.
    pub fn pieces_left(&self, job_id: &str) -> Result<PiecesLeft, QueueError> {
        self.write(|tx| {
            let now = tx.now_ms()?;
            reap_pieces(tx, now)?;
            let mut left = PiecesLeft::default();
            for row in tx.query(
                "SELECT status, count(*) AS n FROM render_job_pieces WHERE job_id = $1 GROUP BY status",
                vals![job_id],
            )? {
                let n = row.i64("n")?;
                match row.str("status")?.as_str() {
                    "queued" => left.queued = n,
                    "processing" => left.processing = n,
                    _ => left.done = n,
                }
            }
            Ok(left)
        })
    }

    /// The job's pieces, by number.
    ///
    /// # Errors
    /// Database errors only.
    pub fn pieces(&self, job_id: &str) -> Result<Vec<PieceInfo>, QueueError> {
        self.read(|tx| {
            tx.query(
                "SELECT piece, status, worker_name, claims, started_at, finished_at
                 FROM render_job_pieces WHERE job_id = $1 ORDER BY piece",
                vals![job_id],
            )?
            .iter()
            .map(|r| {
                Ok(PieceInfo {
                    piece: r.i64("piece")?,
                    status: r.str("status")?,
                    worker: r.opt_str("worker_name")?,
                    claims: r.i64("claims")?,
                    started_at: r.opt_i64("started_at")?,
                    finished_at: r.opt_i64("finished_at")?,
                })
            })
            .collect()
        })
    }

    fn held_job(tx: &mut dyn Tx, lease: &Lease) -> Result<(), QueueError> {
        tx.query_opt(
            "SELECT id FROM render_jobs
             WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND status = 'processing'",
            vals![&lease.job_id, &lease.owner, lease.attempt],
        )?
        .map(|_| ())
        .ok_or_else(|| QueueError::LeaseLost(lease.job_id.clone()))
    }

    fn held_piece(tx: &mut dyn Tx, lease: &PieceLease) -> Result<(), QueueError> {
        tx.query_opt(
            &format!(
                "SELECT piece FROM render_job_pieces
                 WHERE job_id = $1 AND piece = $2 AND lease_owner = $3 AND claims = $4 AND status = 'processing'{}",
                tx.dialect().for_update()
            ),
            vals![&lease.job_id, lease.piece, &lease.owner, lease.claims],
        )?
        .map(|_| ())
        .ok_or_else(|| QueueError::LeaseLost(format!("{} piece {}", lease.job_id, lease.piece)))
    }
}

/// Pieces whose lease expired go back to the queue.
pub(crate) fn reap_pieces(tx: &mut dyn Tx, now: i64) -> Result<u64, QueueError> {
    tx.execute(
        "UPDATE render_job_pieces SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL
         WHERE status = 'processing' AND lease_expires_at < $1",
        vals![now],
    )
}
