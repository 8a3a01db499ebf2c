package dev.bulwark.core.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobTrigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Hand-offs as the operator writes them, for the tests of this package. */
final class HandoffSamples {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant CREATED = Instant.parse("2026-12-05T13:00:00.123456789Z");

  /** A policy with every kind of source, target and secret reference, every field set. */
  static final String POLICY =
      """
      {"apiVersion": "bulwark.dev/v1alpha1", "kind": "BackupPolicy",
       "metadata": {"name": "exams", "namespace": "school", "generation": 7,
                    "uid": "0b5c6a4e-1f2d-4a7e-9c3b-2d1e0f9a8b7c",
                    "annotations": {"bulwark.dev/run-now": "2026-12-05T12:59:00Z"}},
       "spec": {
         "env": "prod", "target": "s3", "fallbackTarget": "oss",
         "targets": {"local": {"path": "/var/lib/bulwark/repo"},
                     "s3": {"bucket": "exams-backup", "region": "eu-west-1",
                            "endpoint": "https://s3.example", "pathStyle": true, "prefix": "k8s/"},
                     "oss": {"bucket": "exams-oss", "endpoint": "https://oss.example",
                             "prefix": "bk/"}},
         "sources": [
           {"path": "/bulwark/sources/0", "domain": "raw", "priority": "P0",
            "include": ["**/*.json"], "exclude": ["tmp/**"]},
           {"postgres": {"host": "pg.school.svc", "port": 5432, "database": "exams",
                         "user": "backup", "passwordFrom": {"env": "BULWARK_SECRET_0"}},
            "domain": "serving", "priority": "P2"},
           {"postgres": {"host": "pg2", "port": 5433, "database": "audit", "user": "ro",
                         "passwordFrom": {"file": "/var/run/secrets/pg/password"}},
            "domain": "audit", "priority": "P1"},
           {"postgres": {"host": "pg3", "port": 5434, "database": "legacy", "user": "ro",
                         "passwordFrom": {"secret": {"name": "pg-legacy", "key": "password"}}},
            "domain": "legacy", "priority": "P1"}],
         "schedule": {"incremental": "*/10 * * * *", "full": "0 3 * * *",
                      "timeZone": "Europe/Paris"},
         "retention": {"hotDays": 7, "coldDays": 90, "keepLast": 3},
         "encryption": {"keyFrom": {"env": "BULWARK_SECRET_1"}},
         "hooks": {"pre": [{"command": ["sh", "-c", "sync"], "timeoutSeconds": 30}],
                   "post": [{"command": ["true"], "timeoutSeconds": 5}]},
         "throttle": {"uploadBytesPerSecond": 1048576, "maxConcurrentUploads": 2},
         "timeouts": {"job": "2h"},
         "webhookUrl": "https://hooks.example/bulwark",
         "suspend": false,
         "verify": {"schedule": "0 4 * * 0", "sample": "10%", "readData": true,
                    "suspend": false},
         "readerSchemaVersions": {"raw": 3, "serving": 2}}}
      """;

  static final String PENDING_RECORD =
      """
      {"job_id": "20261205T130000Z-0a1b2c", "policy": "exams", "namespace": "school",
       "requested_type": "incremental", "trigger": "schedule", "actor": "controller",
       "attempt": 2, "state": "pending", "created_at": "2026-12-05T13:00:00.123456789Z",
       "labels": [], "host": "bulwark-operator-7d9f", "pid": 1,
       "retry_of": "20261205T125000Z-ffeedd"}
      """;

  static final String ORDER =
      """
      {"type": "incremental", "trigger": "schedule", "actor": "controller", "attempt": 2,
       "retry_of": "20261205T125000Z-ffeedd"}
      """;

  static final String DRILL =
      """
      {"apiVersion": "bulwark.dev/v1alpha1", "kind": "RestoreDrill",
       "metadata": {"name": "exams-l1", "namespace": "school"},
       "spec": {"policyRef": "exams", "level": "L1", "schedule": "0 5 * * 1",
                "timeZone": "UTC", "target": "s3",
                "objects": {"objectsPerDomain": 5, "paths": ["raw/**"]},
                "window": {"ago": "24h"},
                "validators": {"json": true, "csv": true,
                               "postgres": {"sqlCheck": "select count(*) > 0 from exams"},
                               "command": ["sh", "-c", "test -d {sandbox}"]},
                "objectives": {"rpo": "1h", "rto": "20m"},
                "suspend": false}}
      """;

  static final String RUNNING_RECORD =
      """
      {"run_id": "20261205T130500Z-123abc", "drill": "exams-l1", "namespace": "school",
       "policy": "exams", "level": "L1", "trigger": "schedule", "actor": "controller",
       "state": "running", "started_at": "2026-12-05T13:05:00.500Z", "validations": []}
      """;

  private HandoffSamples() {}

  static ObjectNode tree(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The backup hand-off of the samples above. */
  static ObjectNode backup() {
    ObjectNode node = JSON.createObjectNode();
    node.put("format_version", 1);
    node.put("kind", "backup");
    node.put("namespace", "school");
    node.set("policy", tree(POLICY));
    node.set("record", tree(PENDING_RECORD));
    node.set("order", tree(ORDER));
    return node;
  }

  /** The drill hand-off of the samples above. */
  static ObjectNode drill() {
    ObjectNode node = JSON.createObjectNode();
    node.put("format_version", 1);
    node.put("kind", "drill");
    node.put("namespace", "school");
    node.set("drill", tree(DRILL));
    node.set("policy", tree(POLICY));
    node.set("record", tree(RUNNING_RECORD));
    return node;
  }

  static JsonNode parsed(String json) {
    return tree(json);
  }

  /** A pending record of policy {@code policy} in no namespace. */
  static JobRecord pending(String policy) {
    return new JobRecord(
        "20261205T130000Z-0a1b2c",
        policy,
        null,
        "full",
        null,
        null,
        JobTrigger.MANUAL,
        "cli:ops",
        1,
        JobState.PENDING,
        CREATED,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        "host",
        42L);
  }
}
