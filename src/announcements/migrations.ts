/**
 * Tables of the announcements part: subscriptions (with topics),
 * announcements (what and when), jobs (one run of an announcement, with its
 * content snapshot and persisted pause) and the outbox (one row per job and
 * recipient, unique, so nothing is sent twice and nothing is lost).
 */
import type { Migration } from '../storage/db.js';

/** Migrations of the announcement tables. */
export const announcementMigrations: Migration[] = [
  {
    id: 'announcements/001-tables',
    up: `
    CREATE TABLE ann_subscriptions (
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      is_group INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'active',
      last_error TEXT,
      subscribed_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (channel, chat_id)
    );
    CREATE TABLE ann_topics (
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      topic TEXT NOT NULL,
      PRIMARY KEY (channel, chat_id, topic),
      FOREIGN KEY (channel, chat_id) REFERENCES ann_subscriptions (channel, chat_id) ON DELETE CASCADE
    );
    CREATE INDEX ann_topics_topic ON ann_topics (topic);
    CREATE TABLE ann_announcements (
      id INTEGER PRIMARY KEY,
      key TEXT UNIQUE,
      title TEXT,
      body TEXT NOT NULL,
      audience TEXT NOT NULL,
      promotional INTEGER NOT NULL DEFAULT 0,
      schedule_kind TEXT NOT NULL,
      schedule_at INTEGER,
      cron TEXT,
      next_run_at INTEGER,
      status TEXT NOT NULL,
      notify_channel TEXT,
      notify_chat TEXT,
      created_by TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX ann_announcements_due ON ann_announcements (status, next_run_at);
    CREATE TABLE ann_jobs (
      id INTEGER PRIMARY KEY,
      announcement_id INTEGER NOT NULL REFERENCES ann_announcements (id),
      run_at INTEGER NOT NULL,
      status TEXT NOT NULL,
      content TEXT NOT NULL,
      promotional INTEGER NOT NULL DEFAULT 0,
      total INTEGER NOT NULL DEFAULT 0,
      paused_until INTEGER,
      pause_reason TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      notify_channel TEXT,
      notify_chat TEXT,
      progress_message_id TEXT,
      progress_at INTEGER,
      reported INTEGER NOT NULL DEFAULT 0,
      UNIQUE (announcement_id, run_at)
    );
    CREATE INDEX ann_jobs_status ON ann_jobs (status);
    CREATE TABLE ann_outbox (
      id INTEGER PRIMARY KEY,
      job_id INTEGER NOT NULL REFERENCES ann_jobs (id),
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      is_group INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      reason TEXT,
      message_id TEXT,
      updated_at INTEGER,
      UNIQUE (job_id, channel, chat_id)
    );
    CREATE INDEX ann_outbox_claim ON ann_outbox (status, channel, next_attempt_at);
    CREATE INDEX ann_outbox_job ON ann_outbox (job_id, status);
    `,
  },
  {
    // Claims walk pending rows of one channel in id order and stop after a batch.
    id: 'announcements/002-claim-index',
    up: `DROP INDEX ann_outbox_claim;
    CREATE INDEX ann_outbox_claim ON ann_outbox (channel, status, id);`,
  },
  {
    // Approval before publishing: who submitted it and when, who approved or returned it, when, and the comment;
    // when approvers were told it waits and when its author was told the decision (NULL: not yet, so the running
    // assistant tells them, whichever process created, approved or returned it).
    id: 'announcements/003-approval',
    up: `ALTER TABLE ann_announcements ADD COLUMN submitted_by TEXT;
    ALTER TABLE ann_announcements ADD COLUMN submitted_at INTEGER;
    ALTER TABLE ann_announcements ADD COLUMN approval_notified_at INTEGER;
    ALTER TABLE ann_announcements ADD COLUMN decision_notified_at INTEGER;
    ALTER TABLE ann_announcements ADD COLUMN reviewed_by TEXT;
    ALTER TABLE ann_announcements ADD COLUMN reviewed_at INTEGER;
    ALTER TABLE ann_announcements ADD COLUMN review_comment TEXT;`,
  },
  {
    // Several processes share one database: who claimed a row being sent, and until when the claim holds
    // (the heartbeat looks at the rows in flight only, through a partial index).
    id: 'announcements/004-claim-lease',
    up: `ALTER TABLE ann_outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE ann_outbox ADD COLUMN lease_until INTEGER;
    CREATE INDEX ann_outbox_sending ON ann_outbox (claimed_by, lease_until) WHERE status = 'sending';`,
  },
];
