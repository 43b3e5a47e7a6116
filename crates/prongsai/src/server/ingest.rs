//! The ingest queue: handlers hand checked responses to a few writer tasks, which store whatever
//! has queued up meanwhile as one batch (one transaction, one fsync) and answer each handler.
//! Under light load a batch is one response; under heavy load batches grow, so throughput follows
//! the load while each request still waits only for its own batch to commit.
//!
//! A batch that fails is retried one response at a time, so one bad response cannot take the
//! others down with it.
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, Mutex};
use tokio::task::JoinHandle;

use super::storage::{InsertOutcome, NewResponse, Storage};

/// Largest batch per transaction.
pub const MAX_BATCH: usize = 256;
const QUEUE: usize = 8192;

struct Job {
    response: NewResponse,
    reply: oneshot::Sender<anyhow::Result<InsertOutcome>>,
}

#[derive(Clone)]
pub struct Ingest {
    tx: mpsc::Sender<Job>,
}

pub enum SubmitError {
    /// The queue stayed full (overload) or the writers are gone (shutting down).
    Unavailable,
    Storage(anyhow::Error),
}

impl Ingest {
    /// Starts `writers` writer tasks; they end once every `Ingest` clone is dropped and the queue
    /// is drained.
    pub fn start(storage: Arc<dyn Storage>, writers: usize) -> (Ingest, Vec<JoinHandle<()>>) {
        let (tx, rx) = mpsc::channel::<Job>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        let handles = (0..writers.max(1))
            .map(|_| {
                let rx = Arc::clone(&rx);
                let storage = Arc::clone(&storage);
                tokio::spawn(async move { writer(storage, rx).await })
            })
            .collect();
        (Ingest { tx }, handles)
    }

    pub async fn submit(&self, response: NewResponse) -> Result<InsertOutcome, SubmitError> {
        let (reply, answer) = oneshot::channel();
        let job = Job { response, reply };
        match tokio::time::timeout(Duration::from_secs(10), self.tx.send(job)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) | Err(_) => return Err(SubmitError::Unavailable),
        }
        match answer.await {
            Ok(Ok(outcome)) => Ok(outcome),
            Ok(Err(e)) => Err(SubmitError::Storage(e)),
            Err(_) => Err(SubmitError::Unavailable),
        }
    }
}

async fn writer(storage: Arc<dyn Storage>, rx: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { return };
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            jobs
        };
        let (responses, replies): (Vec<_>, Vec<_>) =
            jobs.into_iter().map(|j| (j.response, j.reply)).unzip();
        let responses = Arc::new(responses);
        let started = std::time::Instant::now();
        let stored = storage.insert_batch(Arc::clone(&responses)).await;
        // Per batch, for bench/ingest (`PRONGSAI_LOG=prongsai::server::ingest=debug`).
        tracing::debug!(
            "batch of {} stored in {} µs",
            responses.len(),
            started.elapsed().as_micros()
        );
        match stored {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) if responses.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e));
                }
            }
            Err(e) => {
                tracing::warn!(
                    "a batch of {} failed ({e:#}); storing them one by one",
                    responses.len()
                );
                for (response, reply) in responses.iter().zip(replies) {
                    let one = Arc::new(vec![response.clone()]);
                    let result = storage.insert_batch(one).await.and_then(|o| {
                        o.into_iter()
                            .next()
                            .ok_or_else(|| anyhow::anyhow!("no outcome"))
                    });
                    let _ = reply.send(result);
                }
            }
        }
    }
}
