-- Web Push (RFC 8030, 8291, 8292): alerts on a locked phone. The VAPID key pair is made once and kept (its private
-- half encrypted with Data Protection), so subscriptions survive restarts and every node of a cluster signs alike.
CREATE TABLE push_keys (
    id          integer PRIMARY KEY CHECK (id = 1),
    public_key  text        NOT NULL,
    private_key text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A browser's PushSubscription, for one user; minSeverity filters what it is sent.
CREATE TABLE push_subscriptions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      text        NOT NULL,
    endpoint     text        NOT NULL UNIQUE,
    p256dh       text        NOT NULL,
    auth         text        NOT NULL,
    min_severity text        NOT NULL DEFAULT 'info' CHECK (min_severity IN ('info', 'warning', 'critical')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);

-- One push per alert event and subscription, written in the event's transaction (an outbox, like webhooks). A
-- subscription the push service says is gone (404/410) is deleted; its deliveries stay, with the endpoint's host.
CREATE TABLE push_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      REFERENCES push_subscriptions (id) ON DELETE SET NULL,
    endpoint_host   text        NOT NULL,
    alert_id        bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    event_seq       bigint      NOT NULL REFERENCES alert_events (seq) ON DELETE CASCADE,
    event_type      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'gone')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    UNIQUE (subscription_id, event_seq)
);
CREATE INDEX push_deliveries_due_idx ON push_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX push_deliveries_alert_idx ON push_deliveries (alert_id);

CREATE TABLE push_attempts (
    delivery_id bigint      NOT NULL REFERENCES push_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    status      text        NOT NULL CHECK (status IN ('delivered', 'failed', 'gone')),
    status_code integer,
    error       text,
    at          timestamptz NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
