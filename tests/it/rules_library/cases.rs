//! The cases of the entity and process rules; `cases_flows` has the rest.

use super::*;

use super::firing::{fire, silent, Case};

pub(super) fn cases() -> Vec<Case> {
    let mut all = nodes();
    all.extend(super::cases_flows::stores_and_flows());
    all
}

fn nodes() -> Vec<Case> {
    vec![
        // External entities
        fire(
            "entity-identity-unverified",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        fire(
            "entity-identity-unverified",
            "entity, not authenticated",
            |d| entity(d, &[("authenticated", "false")]),
        ),
        silent("entity-identity-unverified", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        fire("entity-credentials-stolen", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        silent(
            "entity-credentials-stolen",
            "entity, not authenticated",
            |d| entity(d, &[("authenticated", "false")]),
        ),
        silent(
            "entity-credentials-stolen",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        fire(
            "entity-actions-unattributed",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        silent("entity-actions-unattributed", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        fire("entity-denies-action", "authenticated entity", |d| {
            entity(d, &[("authenticated", "true")])
        }),
        silent(
            "entity-denies-action",
            "entity, authentication unknown",
            |d| entity(d, &[]),
        ),
        // Processes: spoofing
        fire(
            "process-internet-no-authentication",
            "internet-facing, authentication unknown",
            |d| process(d, &[("internet_facing", "true")]),
        ),
        fire(
            "process-internet-no-authentication",
            "internet-facing, authentication none",
            |d| {
                process(
                    d,
                    &[("internet_facing", "true"), ("authentication", "none")],
                )
            },
        ),
        silent(
            "process-internet-no-authentication",
            "internet-facing with passwords",
            |d| {
                process(
                    d,
                    &[("internet_facing", "true"), ("authentication", "password")],
                )
            },
        ),
        silent(
            "process-internet-no-authentication",
            "internet-facing with SSO",
            |d| {
                process(
                    d,
                    &[
                        ("internet_facing", "true"),
                        ("authentication", "SSO / OIDC"),
                    ],
                )
            },
        ),
        silent(
            "process-internet-no-authentication",
            "internal, authentication unknown",
            |d| process(d, &[("internet_facing", "false")]),
        ),
        fire(
            "process-internal-no-authentication",
            "internal, authentication none",
            |d| {
                process(
                    d,
                    &[("authentication", "none"), ("internet_facing", "false")],
                )
            },
        ),
        fire(
            "process-internal-no-authentication",
            "authentication none, exposure unknown",
            |d| process(d, &[("authentication", "none")]),
        ),
        silent(
            "process-internal-no-authentication",
            "internet-facing, authentication none",
            |d| {
                process(
                    d,
                    &[("authentication", "none"), ("internet_facing", "true")],
                )
            },
        ),
        silent(
            "process-internal-no-authentication",
            "internal, authentication unknown",
            |d| process(d, &[]),
        ),
        fire("process-password-only", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        silent("process-password-only", "password + MFA", |d| {
            process(d, &[("authentication", "password + MFA")])
        }),
        fire("process-mfa-bypass", "password + MFA", |d| {
            process(d, &[("authentication", "password + MFA")])
        }),
        silent("process-mfa-bypass", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-api-key-leak", "API key", |d| {
            process(d, &[("authentication", "API key")])
        }),
        silent("process-api-key-leak", "mutual TLS", |d| {
            process(d, &[("authentication", "mutual TLS")])
        }),
        fire("process-token-validation", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent("process-token-validation", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-mtls-identity", "mutual TLS", |d| {
            process(d, &[("authentication", "mutual TLS")])
        }),
        silent("process-mtls-identity", "API key", |d| {
            process(d, &[("authentication", "API key")])
        }),
        // Processes: tampering
        fire("process-injection", "internet-facing", |d| {
            internal_process(d, &[("internet_facing", "true")])
        }),
        fire(
            "process-injection",
            "fed by an external entity, not internet-facing",
            |d| process(d, &[("internet_facing", "false")]),
        ),
        fire(
            "process-injection",
            "fed by an external entity, exposure unknown",
            |d| process(d, &[]),
        ),
        silent("process-injection", "internal", |d| {
            internal_process(d, &[("internet_facing", "false")])
        }),
        silent("process-injection", "internal, exposure unknown", |d| {
            internal_process(d, &[])
        }),
        silent(
            "process-injection",
            "sends to an external entity only",
            |d| {
                let p = d.node(Process, Company, &[]);
                let e = d.node(ExternalEntity, Internet, &[]);
                d.connect(&p, &e, &[]);
                p
            },
        ),
        // Processes: repudiation
        fire("process-no-audit-trail", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-no-audit-trail", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent("process-no-audit-trail", "authentication none", |d| {
            process(d, &[("authentication", "none")])
        }),
        silent("process-no-audit-trail", "authentication unknown", |d| {
            process(d, &[])
        }),
        fire("process-anonymous-actions", "authentication none", |d| {
            process(d, &[("authentication", "none")])
        }),
        silent("process-anonymous-actions", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        silent("process-anonymous-actions", "authentication unknown", |d| {
            process(d, &[])
        }),
        fire("process-privileged-log-erasure", "privileged", |d| {
            process(d, &[("runs_as_privileged", "true")])
        }),
        silent("process-privileged-log-erasure", "unprivileged", |d| {
            process(d, &[("runs_as_privileged", "false")])
        }),
        // Weak password hashing, on processes and stores
        fire("weak-password-hashing", "process hashing with SHA-1", |d| {
            process(d, &[("hashing_algorithm", "SHA-1")])
        }),
        fire("weak-password-hashing", "store of MD5 hashes", |d| {
            store(d, &[("hashing_algorithm", "md5")])
        }),
        fire("weak-password-hashing", "store of PBKDF2 hashes", |d| {
            store(d, &[("hashing_algorithm", "PBKDF2")])
        }),
        silent(
            "weak-password-hashing",
            "process hashing with argon2id",
            |d| process(d, &[("hashing_algorithm", "argon2id")]),
        ),
        silent(
            "weak-password-hashing",
            "process hashing with scrypt",
            |d| process(d, &[("hashing_algorithm", "scrypt")]),
        ),
        silent("weak-password-hashing", "store of bcrypt hashes", |d| {
            store(d, &[("hashing_algorithm", "bcrypt")])
        }),
        silent("weak-password-hashing", "store of Argon2id hashes", |d| {
            store(d, &[("hashing_algorithm", "Argon2id")])
        }),
        silent(
            "weak-password-hashing",
            "store of bcrypt hashes with a cost",
            |d| store(d, &[("hashing_algorithm", "BCrypt (cost 12)")]),
        ),
        silent("weak-password-hashing", "store, hashing unknown", |d| {
            store(d, &[("stores_credentials", "true")])
        }),
        // Processes: information disclosure
        fire(
            "process-anonymous-data-exposure",
            "internet-facing, authentication none",
            |d| {
                process(
                    d,
                    &[("internet_facing", "true"), ("authentication", "none")],
                )
            },
        ),
        silent(
            "process-anonymous-data-exposure",
            "internet-facing, authentication unknown",
            |d| process(d, &[("internet_facing", "true")]),
        ),
        silent(
            "process-anonymous-data-exposure",
            "internal, authentication none",
            |d| {
                process(
                    d,
                    &[("internet_facing", "false"), ("authentication", "none")],
                )
            },
        ),
        // Processes: denial of service
        fire("process-request-flooding", "internet-facing", |d| {
            internal_process(d, &[("internet_facing", "true")])
        }),
        fire(
            "process-request-flooding",
            "fed by an external entity, not internet-facing",
            |d| process(d, &[("internet_facing", "false")]),
        ),
        silent("process-request-flooding", "internal", |d| {
            internal_process(d, &[("internet_facing", "false")])
        }),
        silent(
            "process-request-flooding",
            "internal, exposure unknown",
            |d| internal_process(d, &[]),
        ),
        fire("process-account-lockout-abuse", "password", |d| {
            process(d, &[("authentication", "password")])
        }),
        fire("process-account-lockout-abuse", "password + MFA", |d| {
            process(d, &[("authentication", "password + MFA")])
        }),
        silent("process-account-lockout-abuse", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent(
            "process-account-lockout-abuse",
            "authentication unknown",
            |d| process(d, &[]),
        ),
        // Processes: elevation of privilege
        fire("process-runs-privileged", "privileged", |d| {
            process(d, &[("runs_as_privileged", "true")])
        }),
        silent("process-runs-privileged", "unprivileged", |d| {
            process(d, &[("runs_as_privileged", "false")])
        }),
        silent("process-runs-privileged", "privilege unknown", |d| {
            process(d, &[])
        }),
        fire("process-missing-authorization", "API key", |d| {
            process(d, &[("authentication", "API key")])
        }),
        fire("process-missing-authorization", "SSO", |d| {
            process(d, &[("authentication", "SSO / OIDC")])
        }),
        silent(
            "process-missing-authorization",
            "authentication none",
            |d| process(d, &[("authentication", "none")]),
        ),
        silent(
            "process-missing-authorization",
            "authentication unknown",
            |d| process(d, &[]),
        ),
        // Data stores: tampering
        fire(
            "store-direct-modification",
            "store with nothing recorded",
            |d| store(d, &[]),
        ),
        fire("store-direct-modification", "restricted store", |d| {
            store(d, &[("data_classification", "restricted")])
        }),
        silent("store-direct-modification", "public store", |d| {
            store(d, &[("data_classification", "public")])
        }),
        silent("store-direct-modification", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("store-direct-modification", "credential store", |d| {
            store(d, &[("stores_credentials", "true")])
        }),
        fire("store-credential-tampering", "credential store", |d| {
            store(d, &[("stores_credentials", "true")])
        }),
        silent(
            "store-credential-tampering",
            "store without credentials",
            |d| store(d, &[("stores_credentials", "false")]),
        ),
        fire("log-tampering", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-tampering", "store that is not a log", |d| {
            store(d, &[("is_log", "false")])
        }),
    ]
}
