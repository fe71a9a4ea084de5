-- The service's own tables and sequences, needed with either event store (JDBC or Axon Server), as the release
-- before Flyway created them by hand on every start. IF NOT EXISTS: a database that release created (baselined at
-- version 0, see spring.flyway.baseline-*) keeps its tables and rows; an empty one gets them here.

-- Idempotency-Key records of the HTTP edge (IdempotencyRecords)
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal VARCHAR(200) NOT NULL,
  idempotency_key VARCHAR(100) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  owner_token VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL,
  response_status INT,
  response_content_type VARCHAR(255),
  response_location VARCHAR(2048),
  response_body VARCHAR,
  PRIMARY KEY (principal, idempotency_key));
CREATE INDEX IF NOT EXISTS idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Axon's dead-letter queue of the projections (GenericDeadLetterTableFactory's columns)
CREATE TABLE IF NOT EXISTS DeadLetterEntry (
  deadLetterIdentifier VARCHAR(255) NOT NULL,
  processingGroup VARCHAR(255) NOT NULL,
  sequenceIdentifier VARCHAR(255) NOT NULL,
  sequenceIndex BIGINT NOT NULL,
  messageType VARCHAR(255) NOT NULL,
  eventIdentifier VARCHAR(255) NOT NULL,
  timestamp VARCHAR(255) NOT NULL,
  payloadType VARCHAR(255) NOT NULL,
  payloadRevision VARCHAR(255),
  payload BYTEA NOT NULL,
  metaData BYTEA,
  type VARCHAR(255),
  aggregateIdentifier VARCHAR(255),
  sequenceNumber BIGINT,
  tokenType VARCHAR(255),
  token BYTEA,
  enqueuedAt VARCHAR(255) NOT NULL,
  lastTouched VARCHAR(255),
  processingStarted VARCHAR(255),
  causeType VARCHAR(255),
  causeMessage VARCHAR(1023),
  diagnostics BYTEA,
  CONSTRAINT PK PRIMARY KEY (deadLetterIdentifier),
  CONSTRAINT sequenceIndex_INDEX UNIQUE (processingGroup,sequenceIdentifier,sequenceIndex));
CREATE INDEX IF NOT EXISTS processingGroup_INDEX ON DeadLetterEntry (processingGroup);
CREATE INDEX IF NOT EXISTS sequenceIdentifier_INDEX ON DeadLetterEntry (processingGroup,sequenceIdentifier);

-- Return order numbers (SequenceReturnOrderNumbers; a restore moves it past the numbers it brings back)
CREATE SEQUENCE IF NOT EXISTS return_order_number_seq START WITH 1 INCREMENT BY 1;

-- Durable deadlines: db-scheduler's table
CREATE TABLE IF NOT EXISTS scheduled_tasks (
  task_name VARCHAR(250) NOT NULL,
  task_instance VARCHAR(250) NOT NULL,
  task_data BYTEA,
  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
  picked BOOLEAN NOT NULL,
  picked_by VARCHAR(250),
  last_success TIMESTAMP WITH TIME ZONE,
  last_failure TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat TIMESTAMP WITH TIME ZONE,
  version BIGINT NOT NULL,
  priority SMALLINT,
  PRIMARY KEY (task_name, task_instance));
CREATE INDEX IF NOT EXISTS scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX IF NOT EXISTS scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
