//! Following the queue's changes as they happen, whoever makes them (a worker on another
//! machine, a CLI in a terminal), without the window or the CLI polling the queue.
//!
//! - On PostgreSQL, the triggers of `migrations/postgres` NOTIFY channel `estudio_queue` at
//!   every commit that changes a job or the settings; a [`Subscription`] LISTENs on a connection
//!   of its own and reads the jobs named. It LISTENs before it reads the jobs the first time,
//!   so nothing committed in between is missed; after a broken connection (a server restart) it
//!   connects again and compares every job with what it knew.
//! - On SQLite (one computer), `PRAGMA data_version` tells cheaply that another connection
//!   committed, and the change counter what changed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::{Job, Queue, QueueError, QueueSettings};

/// One change, in commit order.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A job was added or changed in any way but its progress.
    Job(Job),
    /// Only the progress of a running job moved (its heartbeat).
    Progress(Job),
    Removed(String),
    Settings(QueueSettings),
    /// Pieces of this job were published or one went back to the queue (a farm's idle workers
    /// take them).
    Pieces(String),
}

/// How often SQLite's `data_version` is looked at: other processes' changes show within this.
const SQLITE_TICK: Duration = Duration::from_millis(250);
/// The wait before connecting again after the server went away (doubled up to the cap).
const RECONNECT_FIRST: Duration = Duration::from_millis(250);
const RECONNECT_CAP: Duration = Duration::from_secs(5);
pub(crate) const CHANNEL: &str = "estudio_queue";

/// A live view of the queue's changes. Open it with [`Queue::subscribe`].
pub struct Subscription {
    /// Its own handle (and connection) for reading what changed.
    queue: Queue,
    inner: Inner,
    known: HashMap<String, Job>,
    settings: Option<QueueSettings>,
    /// A read failed after notifications were taken, or right after a reconnection (the
    /// queue's own connection can still be the broken one then): what it would have reported
    /// is found by comparing everything, at the next call.
    compare_due: bool,
}

enum Inner {
    Sqlite {
        version: i64,
        seq: i64,
    },
    Postgres {
        listener: Option<Box<postgres::Client>>,
        /// The next reconnection's wait, after a failure.
        backoff: Duration,
        /// When the quiet connection was last asked whether it is still there.
        checked: Instant,
    },
}

impl Queue {
    /// Starts following the queue's changes; [`Subscription::jobs`] is the state it starts from.
    ///
    /// # Errors
    /// The database cannot be reached.
    pub fn subscribe(&self) -> Result<Subscription, QueueError> {
        let queue = self.reopen()?;
        let inner = match self.target() {
            crate::QueueTarget::Sqlite(_) => Inner::Sqlite {
                version: queue.data_version()?.unwrap_or(0),
                seq: queue.change_seq()?,
            },
            crate::QueueTarget::Postgres(pg) => Inner::Postgres {
                listener: Some(Box::new(listen(pg)?)),
                backoff: RECONNECT_FIRST,
                checked: Instant::now(),
            },
        };
        let known = queue
            .list(None)?
            .into_iter()
            .map(|j| (j.id.clone(), j))
            .collect();
        let settings = Some(queue.settings()?);
        Ok(Subscription {
            queue,
            inner,
            known,
            settings,
            compare_due: false,
        })
    }
}

fn listen(pg: &crate::PgTarget) -> Result<postgres::Client, QueueError> {
    let mut client = pg.connect()?;
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .map_err(|e| pg.lost(e.into()))?;
    Ok(client)
}

impl Subscription {
    /// The jobs as last seen, newest first.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = self.known.values().cloned().collect();
        jobs.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
        jobs
    }

    /// The settings as last seen.
    pub fn settings(&self) -> Option<&QueueSettings> {
        self.settings.as_ref()
    }

    /// Waits up to `timeout` for changes and returns them (empty when none came). A connection
    /// that broke is made again here, and everything that changed meanwhile is returned.
    ///
    /// # Errors
    /// The database cannot be reached now (the next call tries again, after a backoff).
    pub fn next(&mut self, timeout: Duration) -> Result<Vec<Change>, QueueError> {
        let ids = match &mut self.inner {
            Inner::Sqlite { .. } => return self.next_sqlite(timeout),
            Inner::Postgres {
                listener,
                backoff,
                checked,
            } => {
                let Some(client) = listener.as_mut() else {
                    return self.reconnect(timeout);
                };
                if self.compare_due {
                    return self.compare_again(timeout);
                }
                match wait_for_names(client, timeout, checked) {
                    Ok(names) => {
                        *backoff = RECONNECT_FIRST;
                        names
                    }
                    Err(e) => {
                        *listener = None;
                        let crate::QueueTarget::Postgres(pg) = self.queue.target() else {
                            unreachable!("a Postgres subscription has a Postgres queue")
                        };
                        return Err(pg.lost(e.into()));
                    }
                }
            }
        };
        let mut settings = false;
        let mut jobs = Vec::new();
        let mut pieces = Vec::new();
        for name in ids {
            if name == "settings" {
                settings = true;
            } else if let Some(job) = name.strip_prefix("pieces:") {
                if !pieces.iter().any(|j| j == job) {
                    pieces.push(job.to_owned());
                }
            } else if let Some(id) = name
                .strip_prefix("job:")
                .or_else(|| name.strip_prefix("removed:"))
            {
                if !jobs.iter().any(|j| j == id) {
                    jobs.push(id.to_owned());
                }
            }
        }
        let found = match self.queue.get_many(&jobs) {
            Ok(found) => found,
            Err(e) => {
                self.compare_due = true;
                return Err(e);
            }
        };
        let mut changes = Vec::new();
        for id in jobs {
            match found.iter().find(|j| j.id == id) {
                Some(job) => changes.extend(self.saw(job.clone())),
                None => changes.extend(self.known.remove(&id).map(|j| Change::Removed(j.id))),
            }
        }
        if settings {
            match self.saw_settings() {
                Ok(s) => changes.extend(s),
                Err(e) => {
                    self.compare_due = true;
                    return Err(e);
                }
            }
        }
        changes.extend(pieces.into_iter().map(Change::Pieces));
        Ok(changes)
    }

    /// [`Subscription::resync`] until it succeeds, waiting a little after a failure so that a
    /// database that stays away is not asked in a tight loop.
    fn compare_again(&mut self, timeout: Duration) -> Result<Vec<Change>, QueueError> {
        match self.resync() {
            Ok(changes) => {
                self.compare_due = false;
                Ok(changes)
            }
            Err(e) => {
                std::thread::sleep(RECONNECT_FIRST.min(timeout));
                Err(e)
            }
        }
    }

    fn reconnect(&mut self, timeout: Duration) -> Result<Vec<Change>, QueueError> {
        let Inner::Postgres {
            listener, backoff, ..
        } = &mut self.inner
        else {
            return Ok(Vec::new());
        };
        let crate::QueueTarget::Postgres(pg) = self.queue.target() else {
            return Ok(Vec::new());
        };
        match listen(pg) {
            Ok(client) => {
                *listener = Some(Box::new(client));
                *backoff = RECONNECT_FIRST;
                // Whatever happened while the connection was down is found by comparing.
                self.compare_due = true;
                self.compare_again(timeout)
            }
            Err(e) => {
                std::thread::sleep((*backoff).min(timeout));
                *backoff = (*backoff * 2).min(RECONNECT_CAP);
                Err(e)
            }
        }
    }

    /// Every job compared with what was known: changed ones, new ones, removed ones.
    fn resync(&mut self) -> Result<Vec<Change>, QueueError> {
        let now = self.queue.list(None)?;
        let ids: std::collections::HashSet<String> = now.iter().map(|j| j.id.clone()).collect();
        let mut changes = self.forget_all_but(&ids);
        for job in now.into_iter().rev() {
            if self.known.get(&job.id) != Some(&job) {
                changes.extend(self.saw(job));
            }
        }
        changes.extend(self.saw_settings()?);
        Ok(changes)
    }

    fn next_sqlite(&mut self, timeout: Duration) -> Result<Vec<Change>, QueueError> {
        let Inner::Sqlite { version, seq } = &mut self.inner else {
            return Ok(Vec::new());
        };
        let deadline = Instant::now() + timeout;
        loop {
            let now_version = self.queue.data_version()?.unwrap_or(0);
            if now_version != *version {
                let changes = self.queue.changes_since(*seq)?;
                let ids = self.queue.ids()?;
                *version = now_version;
                *seq = changes.seq;
                // Deletions first: a job removed and another added in one tick are both seen.
                let mut out = self.forget_all_but(&ids);
                for job in changes.jobs {
                    out.extend(self.saw(job));
                }
                out.extend(self.saw_settings()?);
                return Ok(out);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(Vec::new());
            }
            std::thread::sleep(left.min(SQLITE_TICK));
        }
    }

    /// Forgets the known jobs that are not in `ids` (they were deleted); says so for each.
    fn forget_all_but(&mut self, ids: &std::collections::HashSet<String>) -> Vec<Change> {
        let gone: Vec<String> = self
            .known
            .keys()
            .filter(|id| !ids.contains(*id))
            .cloned()
            .collect();
        gone.into_iter()
            .map(|id| {
                self.known.remove(&id);
                Change::Removed(id)
            })
            .collect()
    }

    /// A job as read now: a change, a progress, or nothing (the same as known).
    fn saw(&mut self, job: Job) -> Option<Change> {
        let change = match self.known.get(&job.id) {
            Some(old) if *old == job => None,
            Some(old) if only_progress(old, &job) => Some(Change::Progress(job.clone())),
            _ => Some(Change::Job(job.clone())),
        };
        self.known.insert(job.id.clone(), job);
        change
    }

    fn saw_settings(&mut self) -> Result<Option<Change>, QueueError> {
        let s = self.queue.settings()?;
        if self.settings.as_ref() == Some(&s) {
            return Ok(None);
        }
        self.settings = Some(s.clone());
        Ok(Some(Change::Settings(s)))
    }
}

fn only_progress(old: &Job, new: &Job) -> bool {
    let mut same = new.clone();
    same.progress = old.progress;
    same.updated_at = old.updated_at;
    same == *old
}

/// How often a connection that heard nothing is asked whether it is still there: a server
/// that restarted may close it without a word the notification stream would surface.
const CHECK_EVERY: Duration = Duration::from_secs(2);

/// Waits up to `timeout` for the first notification, then takes every one already arrived.
fn wait_for_names(
    client: &mut postgres::Client,
    timeout: Duration,
    checked: &mut Instant,
) -> Result<Vec<String>, postgres::Error> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut names = Vec::new();
    let first = client.notifications().timeout_iter(timeout).next()?;
    if let Some(first) = first {
        names.push(first.payload().to_owned());
        let mut notifications = client.notifications();
        let mut pending = notifications.iter();
        while let Some(n) = pending.next()? {
            names.push(n.payload().to_owned());
        }
    }
    if names.is_empty() && (client.is_closed() || checked.elapsed() >= CHECK_EVERY) {
        // timeout_iter ends quietly on a closed connection: ask, so that a dead one is made
        // again (and what changed meanwhile found by comparing).
        *checked = Instant::now();
        client.is_valid(Duration::from_secs(2))?;
    }
    Ok(names)
}
