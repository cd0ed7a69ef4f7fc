-- The schema built by migrations/, written by `npm run schema:dump`. Do not edit:
-- change the schema with a migration, then run it again.


CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

CREATE FUNCTION public.audit_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
            BEGIN
              RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$;

CREATE FUNCTION public.audit_link_pending() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(7203151011);
        -- A statement after the lock: its snapshot sees the head the last holder committed.
        SELECT seq, hash INTO head_seq, head_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
        head_seq := COALESCE(head_seq, 0) + 1;
        head_hash := COALESCE(head_hash, repeat('0', 64));
        INSERT INTO audit_events (seq, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
        VALUES (head_seq, NEW.at, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id, NEW.data,
                head_hash,
                encode(sha256(convert_to(head_hash || NEW.head || '"' || head_seq::text || '"' || NEW.tail, 'UTF8')), 'hex'));
        DELETE FROM audit_pending WHERE id = NEW.id;
        RETURN NULL;
      END $$;

CREATE FUNCTION public.evidence_custody_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
            BEGIN
              RAISE EXCEPTION 'evidence_custody is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$;

CREATE FUNCTION public.incidents_derive() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
            BEGIN
              NEW.countries := ARRAY(
                SELECT DISTINCT upper(l->>'countryCode') FROM jsonb_array_elements(NEW.locations) l
                 WHERE l ? 'countryCode' ORDER BY 1);
              NEW.search :=
                setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(a->>'name', ' ') FROM jsonb_array_elements(NEW.actors) a), '')), 'B') ||
                setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(concat_ws(' ', l->>'placeName', l->>'adminArea'), ' ')
                     FROM jsonb_array_elements(NEW.locations) l), '')), 'B') ||
                setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'C');
              NEW.public_search :=
                setweight(to_tsvector('english', coalesce(NEW.public_title, NEW.title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(NEW.public_summary, '')), 'B');
              RETURN NEW;
            END $$;

CREATE FUNCTION public.next_incident_number(y integer) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
      DECLARE
        name text := 'incident_numbers_' || y;
      BEGIN
        IF to_regclass(name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE %I', name);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- created meanwhile by another intake
          END;
        END IF;
        RETURN nextval(name);
      END $$;

CREATE FUNCTION public.notify_auth_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('auth_changed', '*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('auth_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('auth_changed', OLD.user_id::text);
        END IF;
        RETURN NULL;
      END $$;

CREATE FUNCTION public.raise_incident_number(y integer, at_least bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
      DECLARE
        name text := 'incident_numbers_' || y;
        current bigint;
      BEGIN
        IF to_regclass(name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE %I', name);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL;
          END;
        END IF;
        PERFORM pg_advisory_xact_lock(72031512, y);
        EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %I',
                       name) INTO current;
        IF current < at_least THEN
          PERFORM setval(name, at_least);
        END IF;
      END $$;

CREATE FUNCTION public.sanctions_actor_designations(actors jsonb, incident_id uuid) RETURNS TABLE(actor_position bigint, reference character varying, name text, list_type character varying, listed_on date, removed boolean, comments text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT a.n, d.reference, d.name, d.list_type, d.listed_on, d.removed_at IS NOT NULL,
               d.comments
          FROM jsonb_array_elements(actors) WITH ORDINALITY a(actor, n)
          JOIN sanctions_designations d
            ON a.actor ? 'designationRef'
           AND d.reference = regexp_replace(a.actor->>'designationRef', '^UN:', '')
         WHERE (SELECT m.decision FROM sanctions_match_decisions m
                 WHERE m.incident_id = sanctions_actor_designations.incident_id
                   AND m.reference = d.reference
                   AND m.actor_id::text = a.actor->>'id'
                 ORDER BY m.decided_at DESC, m.id DESC LIMIT 1) = 'confirmed'
      $$;

CREATE FUNCTION public.sanctions_designations_text(actors jsonb, incident_id uuid) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT string_agg(d.name || ' (UN:' || d.reference
                 || coalesce(', listed ' || to_char(d.listed_on, 'YYYY-MM-DD'), '')
                 || CASE WHEN d.removed THEN ', removed from the list' ELSE '' END || ')',
                 '; ' ORDER BY d.actor_position)
          FROM sanctions_actor_designations(actors, incident_id) d
      $$;

CREATE TABLE public.audit_events (
    seq bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_id uuid,
    action character varying(80) NOT NULL,
    entity_type character varying(40) NOT NULL,
    entity_id character varying(80),
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    prev_hash character(64) NOT NULL,
    hash character(64) NOT NULL
);

CREATE UNLOGGED TABLE public.audit_pending (
    id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_id uuid,
    action character varying(80) NOT NULL,
    entity_type character varying(40) NOT NULL,
    entity_id character varying(80),
    data jsonb NOT NULL,
    head text NOT NULL,
    tail text NOT NULL
);

CREATE UNLOGGED SEQUENCE public.audit_pending_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.audit_pending_id_seq OWNED BY public.audit_pending.id;

CREATE TABLE public.categories (
    code character varying(40) NOT NULL,
    name character varying(200) NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.comments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    incident_id uuid NOT NULL,
    author_id uuid NOT NULL,
    body text,
    mentions uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp(3) with time zone,
    CONSTRAINT ck_comments_body CHECK ((((deleted_at IS NULL) AND ((char_length(body) >= 1) AND (char_length(body) <= 10000))) OR ((deleted_at IS NOT NULL) AND (body IS NULL)))),
    CONSTRAINT ck_comments_mentions CHECK ((cardinality(mentions) <= 20))
);

CREATE TABLE public.evidence (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    incident_id uuid NOT NULL,
    source_id uuid,
    kind character varying(20) NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    sha256 character(64),
    size_bytes bigint,
    mime_type character varying(100),
    original_filename character varying(255),
    url text,
    text text,
    captured_at timestamp(3) with time zone,
    status character varying(10) DEFAULT 'pending'::character varying NOT NULL,
    review_note text,
    reviewed_by uuid,
    reviewed_at timestamp(3) with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_evidence_status CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'approved'::character varying, 'rejected'::character varying, 'withdrawn'::character varying])::text[])))
);

CREATE TABLE public.evidence_custody (
    id bigint NOT NULL,
    evidence_id uuid NOT NULL,
    at timestamp(3) with time zone DEFAULT now() NOT NULL,
    actor_id uuid,
    action character varying(30) NOT NULL,
    sha256 character(64),
    data jsonb DEFAULT '{}'::jsonb NOT NULL
);

CREATE SEQUENCE public.evidence_custody_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.evidence_custody_id_seq OWNED BY public.evidence_custody.id;

CREATE TABLE public.exports (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    created_by uuid NOT NULL,
    format character varying(10) NOT NULL,
    scope character varying(10) NOT NULL,
    filters jsonb DEFAULT '{}'::jsonb NOT NULL,
    fields text[] DEFAULT '{}'::text[] NOT NULL,
    status character varying(10) DEFAULT 'queued'::character varying NOT NULL,
    progress smallint DEFAULT '0'::smallint NOT NULL,
    row_count integer,
    size_bytes bigint,
    sha256 character(64),
    error text,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    started_at timestamp(3) with time zone,
    completed_at timestamp(3) with time zone,
    expires_at timestamp(3) with time zone,
    version integer DEFAULT 1 NOT NULL,
    title character varying(200),
    introduction text,
    CONSTRAINT ck_exports_progress CHECK (((progress >= 0) AND (progress <= 100))),
    CONSTRAINT ck_exports_status CHECK (((status)::text = ANY ((ARRAY['queued'::character varying, 'running'::character varying, 'completed'::character varying, 'failed'::character varying, 'expired'::character varying])::text[])))
);

CREATE TABLE public.incident_history (
    id bigint NOT NULL,
    incident_id uuid NOT NULL,
    at timestamp(3) with time zone DEFAULT now() NOT NULL,
    actor_id uuid,
    kind character varying(30) NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL
);

CREATE SEQUENCE public.incident_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.incident_history_id_seq OWNED BY public.incident_history.id;

CREATE TABLE public.incidents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    reference character varying(20) NOT NULL,
    status character varying(20) DEFAULT 'intake'::character varying NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    title character varying(200) NOT NULL,
    summary text DEFAULT ''::text NOT NULL,
    public_summary text DEFAULT ''::text NOT NULL,
    regime character varying(40) NOT NULL,
    category character varying(40) NOT NULL,
    provisions text[] DEFAULT '{}'::text[] NOT NULL,
    occurred_from date NOT NULL,
    occurred_to date NOT NULL,
    date_precision character varying(5) DEFAULT 'day'::character varying NOT NULL,
    locations jsonb DEFAULT '[]'::jsonb NOT NULL,
    actors jsonb DEFAULT '[]'::jsonb NOT NULL,
    quantities jsonb DEFAULT '[]'::jsonb NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    countries text[] DEFAULT '{}'::text[] NOT NULL,
    confidence character varying(10),
    assignee_id uuid,
    created_by uuid NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    updated_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    submitted_at timestamp(3) with time zone,
    verified_at timestamp(3) with time zone,
    published_at timestamp(3) with time zone,
    search tsvector,
    stage_entered_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    public_search tsvector,
    public_title character varying(200),
    screening_changed boolean DEFAULT false NOT NULL,
    CONSTRAINT ck_incidents_dates CHECK ((occurred_to >= occurred_from)),
    CONSTRAINT ck_incidents_status CHECK (((status)::text = ANY ((ARRAY['intake'::character varying, 'in_verification'::character varying, 'verified'::character varying, 'published'::character varying, 'rejected'::character varying, 'retracted'::character varying, 'withdrawn'::character varying])::text[])))
);

CREATE TABLE public.notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    type character varying(40) NOT NULL,
    incident_id uuid,
    reference character varying(20),
    title character varying(200) NOT NULL,
    body text DEFAULT ''::text NOT NULL,
    event_id uuid,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    read_at timestamp(3) with time zone,
    email_status character varying(10),
    email_attempts integer DEFAULT 0 NOT NULL,
    email_next_at timestamp(3) with time zone,
    emailed_at timestamp(3) with time zone
);

CREATE TABLE public.outbox_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    type character varying(60) NOT NULL,
    aggregate_type character varying(30) NOT NULL,
    aggregate_id uuid NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    sent_at timestamp(3) with time zone,
    attempts integer DEFAULT 0 NOT NULL
);

CREATE TABLE public.password_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    token_hash character(64) NOT NULL,
    purpose character varying(8) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    CONSTRAINT ck_password_tokens_purpose CHECK (((purpose)::text = ANY ((ARRAY['set'::character varying, 'reset'::character varying])::text[])))
);

CREATE TABLE public.provisions (
    code character varying(40) NOT NULL,
    regime_code character varying(40) NOT NULL,
    resolution character varying(40) NOT NULL,
    paragraph character varying(40),
    summary text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.refresh_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    session_id uuid NOT NULL,
    token_hash character(64) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    consumed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    replaced_by uuid
);

CREATE TABLE public.regimes (
    code character varying(40) NOT NULL,
    name character varying(200) NOT NULL,
    resolution character varying(40) NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.reminder_sweeps (
    type character varying(40) NOT NULL,
    swept_until timestamp(3) with time zone NOT NULL
);

CREATE TABLE public.reminders (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    incident_id uuid NOT NULL,
    type character varying(40) NOT NULL,
    stage_entered_at timestamp(3) with time zone NOT NULL,
    sent_at timestamp(3) with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.sanctions_candidates (
    incident_id uuid NOT NULL,
    actor_id uuid NOT NULL,
    reference character varying(32) NOT NULL,
    score numeric(3,2) NOT NULL,
    band character varying(8) NOT NULL,
    explanation jsonb NOT NULL,
    designation_hash character(64) NOT NULL,
    screened_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_sanctions_candidates_band CHECK (((band)::text = ANY ((ARRAY['strong'::character varying, 'possible'::character varying])::text[])))
);

CREATE TABLE public.sanctions_designation_changes (
    version_id uuid NOT NULL,
    reference character varying(32) NOT NULL,
    change character varying(8) NOT NULL,
    fields text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT ck_sanctions_designation_changes_change CHECK (((change)::text = ANY ((ARRAY['added'::character varying, 'amended'::character varying, 'removed'::character varying])::text[])))
);

CREATE TABLE public.sanctions_designations (
    reference character varying(32) NOT NULL,
    kind character varying(10) NOT NULL,
    list_type character varying(64) NOT NULL,
    name text NOT NULL,
    family_name text,
    given_name text,
    original_script text,
    aliases jsonb DEFAULT '[]'::jsonb NOT NULL,
    name_keys text[] DEFAULT '{}'::text[] NOT NULL,
    search_names text NOT NULL,
    dates_of_birth jsonb DEFAULT '[]'::jsonb NOT NULL,
    nationalities text[] DEFAULT '{}'::text[] NOT NULL,
    addresses jsonb DEFAULT '[]'::jsonb NOT NULL,
    documents jsonb DEFAULT '[]'::jsonb NOT NULL,
    listed_on date,
    last_day_updated text[] DEFAULT '{}'::text[] NOT NULL,
    comments text,
    imo_numbers text[] DEFAULT '{}'::text[] NOT NULL,
    company_numbers text[] DEFAULT '{}'::text[] NOT NULL,
    record jsonb NOT NULL,
    content_hash character(64) NOT NULL,
    first_version_id uuid NOT NULL,
    changed_version_id uuid NOT NULL,
    removed_at timestamp(3) with time zone,
    removed_version_id uuid,
    screening_keys text[] DEFAULT '{}'::text[] NOT NULL,
    screening_text text DEFAULT ''::text NOT NULL,
    rules_version smallint DEFAULT '0'::smallint NOT NULL,
    CONSTRAINT ck_sanctions_designations_kind CHECK (((kind)::text = ANY ((ARRAY['individual'::character varying, 'entity'::character varying, 'vessel'::character varying])::text[])))
);

CREATE TABLE public.sanctions_imports (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    source character varying(10) NOT NULL,
    status character varying(10) DEFAULT 'queued'::character varying NOT NULL,
    progress smallint DEFAULT '0'::smallint NOT NULL,
    force boolean DEFAULT false NOT NULL,
    requested_by uuid,
    file_sha256 character(64),
    file_bytes bigint,
    vessels_sha256 character(64),
    version_id uuid,
    error text,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    started_at timestamp(3) with time zone,
    completed_at timestamp(3) with time zone,
    CONSTRAINT ck_sanctions_imports_progress CHECK (((progress >= 0) AND (progress <= 100))),
    CONSTRAINT ck_sanctions_imports_source CHECK (((source)::text = ANY ((ARRAY['upload'::character varying, 'cli'::character varying, 'fetch'::character varying])::text[]))),
    CONSTRAINT ck_sanctions_imports_status CHECK (((status)::text = ANY ((ARRAY['queued'::character varying, 'running'::character varying, 'completed'::character varying, 'unchanged'::character varying, 'refused'::character varying, 'failed'::character varying])::text[])))
);

CREATE TABLE public.sanctions_list_versions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    number integer NOT NULL,
    source character varying(10) NOT NULL,
    import_id uuid NOT NULL,
    file_sha256 character(64) NOT NULL,
    vessels_sha256 character(64),
    date_generated timestamp(3) with time zone,
    individuals integer NOT NULL,
    entities integer NOT NULL,
    vessels integer NOT NULL,
    added integer NOT NULL,
    amended integer NOT NULL,
    removed integer NOT NULL,
    forced boolean DEFAULT false NOT NULL,
    imported_by uuid,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_sanctions_list_versions_source CHECK (((source)::text = ANY ((ARRAY['upload'::character varying, 'cli'::character varying, 'fetch'::character varying])::text[])))
);

CREATE TABLE public.sanctions_match_decisions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    incident_id uuid NOT NULL,
    actor_id uuid NOT NULL,
    reference character varying(32) NOT NULL,
    decision character varying(10) NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    decided_by uuid NOT NULL,
    designation_hash character(64) NOT NULL,
    score numeric(3,2),
    decided_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_sanctions_match_decisions_decision CHECK (((decision)::text = ANY ((ARRAY['confirmed'::character varying, 'dismissed'::character varying, 'unsure'::character varying])::text[])))
);

CREATE TABLE public.sanctions_rescreens (
    version_id uuid NOT NULL,
    status character varying(10) DEFAULT 'queued'::character varying NOT NULL,
    total integer DEFAULT 0 NOT NULL,
    screened integer DEFAULT 0 NOT NULL,
    after_incident_id uuid,
    flagged integer DEFAULT 0 NOT NULL,
    error text,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    started_at timestamp(3) with time zone,
    completed_at timestamp(3) with time zone,
    CONSTRAINT ck_sanctions_rescreens_status CHECK (((status)::text = ANY ((ARRAY['queued'::character varying, 'running'::character varying, 'completed'::character varying, 'failed'::character varying])::text[])))
);

CREATE TABLE public.sanctions_screenings (
    incident_id uuid NOT NULL,
    actor_id uuid NOT NULL,
    actor_hash character(64) NOT NULL,
    list_version integer NOT NULL,
    rules_version smallint NOT NULL,
    screened_at timestamp(3) with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    revoked_reason character varying(40),
    ip character varying(64),
    remember boolean DEFAULT false NOT NULL
);

CREATE TABLE public.sources (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    incident_id uuid NOT NULL,
    kind character varying(30) NOT NULL,
    confidential boolean DEFAULT false NOT NULL,
    pseudonym character varying(20) NOT NULL,
    reliability character(1) NOT NULL,
    credibility smallint NOT NULL,
    independence_group character varying(100) NOT NULL,
    published_at date,
    name text,
    url text,
    contact text,
    notes text,
    sealed jsonb,
    version integer DEFAULT 1 NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    updated_at timestamp(3) with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email character varying(320) NOT NULL,
    display_name character varying(200) NOT NULL,
    password_hash text NOT NULL,
    roles text[] NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    password_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_users_email_lower CHECK (((email)::text = lower((email)::text))),
    CONSTRAINT ck_users_roles CHECK (((cardinality(roles) >= 1) AND (roles <@ ARRAY['admin'::text, 'monitor'::text, 'verifier'::text, 'writer'::text])))
);

CREATE TABLE public.webhook_deliveries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    webhook_id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_type character varying(60) NOT NULL,
    status character varying(10) DEFAULT 'pending'::character varying NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_status_code smallint,
    last_error character varying(200),
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    last_attempt_at timestamp(3) with time zone,
    delivered_at timestamp(3) with time zone,
    CONSTRAINT ck_webhook_deliveries_status CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'delivered'::character varying, 'failed'::character varying])::text[])))
);

CREATE TABLE public.webhooks (
    id uuid NOT NULL,
    url character varying(2048) NOT NULL,
    events character varying(60)[] NOT NULL,
    secret_sealed jsonb,
    active boolean DEFAULT true NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp(3) with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp(3) with time zone
);

ALTER TABLE ONLY public.audit_pending ALTER COLUMN id SET DEFAULT nextval('public.audit_pending_id_seq'::regclass);

ALTER TABLE ONLY public.evidence_custody ALTER COLUMN id SET DEFAULT nextval('public.evidence_custody_id_seq'::regclass);

ALTER TABLE ONLY public.incident_history ALTER COLUMN id SET DEFAULT nextval('public.incident_history_id_seq'::regclass);

ALTER TABLE ONLY public.sanctions_screenings
    ADD CONSTRAINT "PK_0064cd3e7f6422d20b40941841a" PRIMARY KEY (incident_id, actor_id);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY (id);

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY (id);

ALTER TABLE ONLY public.evidence_custody
    ADD CONSTRAINT "PK_44ff9de6c4aa6b57a818c0e1df6" PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY (id);

ALTER TABLE ONLY public.outbox_events
    ADD CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY (id);

ALTER TABLE ONLY public.sanctions_designations
    ADD CONSTRAINT "PK_67ff7ec2c2e684724d2481841d8" PRIMARY KEY (reference);

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY (seq);

ALTER TABLE ONLY public.categories
    ADD CONSTRAINT "PK_77d7eff8a7aaa05457a12b8007a" PRIMARY KEY (code);

ALTER TABLE ONLY public.sanctions_match_decisions
    ADD CONSTRAINT "PK_7a83b1f3831f67f4ec4245c603d" PRIMARY KEY (id);

ALTER TABLE ONLY public.provisions
    ADD CONSTRAINT "PK_7b94d5ed57e28e25513924b25f6" PRIMARY KEY (code);

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY (id);

ALTER TABLE ONLY public.password_tokens
    ADD CONSTRAINT "PK_816120c39410c02dabd34b8672b" PRIMARY KEY (id);

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT "PK_85523beafe5a2a6b90b02096443" PRIMARY KEY (id);

ALTER TABLE ONLY public.comments
    ADD CONSTRAINT "PK_8bf68bc960f2b69e818bdb90dcb" PRIMARY KEY (id);

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY (id);

ALTER TABLE ONLY public.incident_history
    ADD CONSTRAINT "PK_a3c5e99493cd3a7310e0053951e" PRIMARY KEY (id);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY (id);

ALTER TABLE ONLY public.sanctions_candidates
    ADD CONSTRAINT "PK_a64c76e42c1bbdb835515e7946c" PRIMARY KEY (incident_id, actor_id, reference);

ALTER TABLE ONLY public.regimes
    ADD CONSTRAINT "PK_aa41b254becdd12e8ab718aacb6" PRIMARY KEY (code);

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY (id);

ALTER TABLE ONLY public.exports
    ADD CONSTRAINT "PK_bcf8528d214cbfc68c01f337511" PRIMARY KEY (id);

ALTER TABLE ONLY public.reminder_sweeps
    ADD CONSTRAINT "PK_c8c05660053f5b6fcdddf69c1da" PRIMARY KEY (type);

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY (id);

ALTER TABLE ONLY public.sanctions_rescreens
    ADD CONSTRAINT "PK_d8d875f74a3a6ea8ed896034c7d" PRIMARY KEY (version_id);

ALTER TABLE ONLY public.sanctions_list_versions
    ADD CONSTRAINT "PK_db2fb5b0db3cab02e088a187fd1" PRIMARY KEY (id);

ALTER TABLE ONLY public.sanctions_designation_changes
    ADD CONSTRAINT "PK_dd58070b9361c9759c5a84cf3ea" PRIMARY KEY (version_id, reference);

ALTER TABLE ONLY public.sanctions_imports
    ADD CONSTRAINT "PK_f7803460c8b75a056d3213b5c70" PRIMARY KEY (id);

ALTER TABLE ONLY public.audit_pending
    ADD CONSTRAINT pk_audit_pending PRIMARY KEY (id);

CREATE INDEX ix_audit_events_action ON public.audit_events USING btree (action, seq);

CREATE INDEX ix_audit_events_actor ON public.audit_events USING btree (actor_id, seq);

CREATE INDEX ix_audit_events_at ON public.audit_events USING btree (at);

CREATE INDEX ix_audit_events_entity ON public.audit_events USING btree (entity_type, entity_id, seq);

CREATE INDEX ix_comments_incident ON public.comments USING btree (incident_id, created_at, id);

CREATE INDEX ix_evidence_custody_evidence ON public.evidence_custody USING btree (evidence_id, id);

CREATE INDEX ix_evidence_incident ON public.evidence USING btree (incident_id);

CREATE INDEX ix_evidence_source ON public.evidence USING btree (source_id);

CREATE INDEX ix_exports_created_by ON public.exports USING btree (created_by, created_at, id);

CREATE INDEX ix_exports_expires ON public.exports USING btree (expires_at) WHERE ((status)::text = 'completed'::text);

CREATE INDEX ix_incident_history_incident ON public.incident_history USING btree (incident_id, id);

CREATE INDEX ix_incidents_assignee ON public.incidents USING btree (assignee_id);

CREATE INDEX ix_incidents_category ON public.incidents USING btree (category);

CREATE INDEX ix_incidents_countries ON public.incidents USING gin (countries);

CREATE INDEX ix_incidents_created ON public.incidents USING btree (created_at, id);

CREATE INDEX ix_incidents_created_by ON public.incidents USING btree (created_by);

CREATE INDEX ix_incidents_occurred ON public.incidents USING btree (occurred_from, id);

CREATE INDEX ix_incidents_provisions ON public.incidents USING gin (provisions);

CREATE INDEX ix_incidents_public_search ON public.incidents USING gin (public_search) WHERE ((status)::text = 'published'::text);

CREATE INDEX ix_incidents_published ON public.incidents USING btree (published_at, id) WHERE ((status)::text = 'published'::text);

CREATE INDEX ix_incidents_regime ON public.incidents USING btree (regime);

CREATE INDEX ix_incidents_search ON public.incidents USING gin (search);

CREATE INDEX ix_incidents_similar ON public.incidents USING gist (category, daterange(occurred_from, occurred_to, '[]'::text), title public.gist_trgm_ops);

CREATE INDEX ix_incidents_stage ON public.incidents USING btree (status, stage_entered_at) WHERE ((status)::text = ANY ((ARRAY['intake'::character varying, 'in_verification'::character varying, 'verified'::character varying])::text[]));

CREATE INDEX ix_incidents_status_occurred ON public.incidents USING btree (status, occurred_from, id);

CREATE INDEX ix_incidents_tags ON public.incidents USING gin (tags);

CREATE INDEX ix_incidents_updated ON public.incidents USING btree (updated_at, id);

CREATE INDEX ix_notifications_email_due ON public.notifications USING btree (email_next_at) WHERE ((email_status)::text = 'pending'::text);

CREATE INDEX ix_notifications_user ON public.notifications USING btree (user_id, created_at, id);

CREATE INDEX ix_notifications_user_unread ON public.notifications USING btree (user_id, created_at, id) WHERE (read_at IS NULL);

CREATE INDEX ix_outbox_events_pending ON public.outbox_events USING btree (created_at) WHERE (sent_at IS NULL);

CREATE INDEX ix_password_tokens_user_id ON public.password_tokens USING btree (user_id);

CREATE INDEX ix_provisions_regime_code ON public.provisions USING btree (regime_code);

CREATE INDEX ix_refresh_tokens_session_id ON public.refresh_tokens USING btree (session_id);

CREATE INDEX ix_sanctions_candidates_reference ON public.sanctions_candidates USING btree (reference);

CREATE INDEX ix_sanctions_designation_changes_reference ON public.sanctions_designation_changes USING btree (reference);

CREATE INDEX ix_sanctions_designations_company ON public.sanctions_designations USING gin (company_numbers);

CREATE INDEX ix_sanctions_designations_imo ON public.sanctions_designations USING gin (imo_numbers);

CREATE INDEX ix_sanctions_designations_list ON public.sanctions_designations USING btree (list_type, kind, reference);

CREATE INDEX ix_sanctions_designations_name_keys ON public.sanctions_designations USING gin (name_keys);

CREATE INDEX ix_sanctions_designations_names_trgm ON public.sanctions_designations USING gin (search_names public.gin_trgm_ops);

CREATE INDEX ix_sanctions_designations_screening_keys ON public.sanctions_designations USING gin (screening_keys);

CREATE INDEX ix_sanctions_designations_screening_trgm ON public.sanctions_designations USING gin (screening_text public.gin_trgm_ops);

CREATE INDEX ix_sanctions_imports_created ON public.sanctions_imports USING btree (created_at, id);

CREATE INDEX ix_sanctions_match_decisions_actor ON public.sanctions_match_decisions USING btree (incident_id, actor_id, reference, decided_at);

CREATE INDEX ix_sanctions_match_decisions_reference ON public.sanctions_match_decisions USING btree (reference) WHERE ((decision)::text = 'confirmed'::text);

CREATE INDEX ix_sessions_user_id ON public.sessions USING btree (user_id);

CREATE INDEX ix_sources_incident ON public.sources USING btree (incident_id);

CREATE INDEX ix_webhook_deliveries_webhook ON public.webhook_deliveries USING btree (webhook_id, created_at, id);

CREATE INDEX ix_webhooks_created ON public.webhooks USING btree (created_at, id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX uq_incidents_reference ON public.incidents USING btree (reference);

CREATE UNIQUE INDEX uq_notifications_event_user ON public.notifications USING btree (event_id, user_id);

CREATE UNIQUE INDEX uq_password_tokens_token_hash ON public.password_tokens USING btree (token_hash);

CREATE UNIQUE INDEX uq_reminders_stage ON public.reminders USING btree (incident_id, type, stage_entered_at);

CREATE UNIQUE INDEX uq_users_email ON public.users USING btree (email);

CREATE UNIQUE INDEX uq_webhook_deliveries_event_webhook ON public.webhook_deliveries USING btree (event_id, webhook_id);

CREATE UNIQUE INDEX ux_sanctions_list_versions_number ON public.sanctions_list_versions USING btree (number);

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON public.audit_events FOR EACH STATEMENT EXECUTE FUNCTION public.audit_events_refuse_change();

CREATE TRIGGER audit_events_no_update_delete BEFORE DELETE OR UPDATE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION public.audit_events_refuse_change();

CREATE CONSTRAINT TRIGGER audit_pending_link AFTER INSERT ON public.audit_pending DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit_link_pending();

CREATE TRIGGER evidence_custody_no_truncate BEFORE TRUNCATE ON public.evidence_custody FOR EACH STATEMENT EXECUTE FUNCTION public.evidence_custody_refuse_change();

CREATE TRIGGER evidence_custody_no_update_delete BEFORE DELETE OR UPDATE ON public.evidence_custody FOR EACH ROW EXECUTE FUNCTION public.evidence_custody_refuse_change();

CREATE TRIGGER incidents_derive BEFORE INSERT OR UPDATE OF title, summary, public_title, public_summary, actors, locations ON public.incidents FOR EACH ROW EXECUTE FUNCTION public.incidents_derive();

CREATE TRIGGER sessions_auth_changed AFTER DELETE OR UPDATE ON public.sessions FOR EACH ROW EXECUTE FUNCTION public.notify_auth_changed();

CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON public.sessions FOR EACH STATEMENT EXECUTE FUNCTION public.notify_auth_changed();

CREATE TRIGGER users_auth_changed AFTER DELETE OR UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.notify_auth_changed();

CREATE TRIGGER users_truncated AFTER TRUNCATE ON public.users FOR EACH STATEMENT EXECUTE FUNCTION public.notify_auth_changed();

ALTER TABLE ONLY public.comments
    ADD CONSTRAINT fk_comments_author FOREIGN KEY (author_id) REFERENCES public.users(id);

ALTER TABLE ONLY public.comments
    ADD CONSTRAINT fk_comments_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT fk_evidence_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.evidence
    ADD CONSTRAINT fk_evidence_source FOREIGN KEY (source_id) REFERENCES public.sources(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT fk_incidents_assignee FOREIGN KEY (assignee_id) REFERENCES public.users(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT fk_incidents_category FOREIGN KEY (category) REFERENCES public.categories(code) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT fk_incidents_created_by FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT fk_incidents_regime FOREIGN KEY (regime) REFERENCES public.regimes(code) ON UPDATE CASCADE ON DELETE RESTRICT;

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT fk_notifications_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.password_tokens
    ADD CONSTRAINT fk_password_tokens_created_by FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.password_tokens
    ADD CONSTRAINT fk_password_tokens_user FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.provisions
    ADD CONSTRAINT fk_provisions_regime FOREIGN KEY (regime_code) REFERENCES public.regimes(code);

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT fk_refresh_tokens_session FOREIGN KEY (session_id) REFERENCES public.sessions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT fk_reminders_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sanctions_candidates
    ADD CONSTRAINT fk_sanctions_candidates_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sanctions_match_decisions
    ADD CONSTRAINT fk_sanctions_match_decisions_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sanctions_match_decisions
    ADD CONSTRAINT fk_sanctions_match_decisions_user FOREIGN KEY (decided_by) REFERENCES public.users(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.sanctions_screenings
    ADD CONSTRAINT fk_sanctions_screenings_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT fk_sources_incident FOREIGN KEY (incident_id) REFERENCES public.incidents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT fk_webhook_deliveries_event FOREIGN KEY (event_id) REFERENCES public.outbox_events(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT fk_webhook_deliveries_webhook FOREIGN KEY (webhook_id) REFERENCES public.webhooks(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT fk_webhooks_created_by FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE RESTRICT;

