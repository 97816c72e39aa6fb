//! The cases of the data store and data flow rules.

use super::*;

use super::firing::{fire, silent, Case};

pub(super) fn stores_and_flows() -> Vec<Case> {
    vec![
        // Data stores: repudiation
        fire("store-changes-unaudited", "restricted store", |d| {
            store(d, &[("data_classification", "restricted")])
        }),
        silent("store-changes-unaudited", "confidential store", |d| {
            store(d, &[("data_classification", "confidential")])
        }),
        silent("store-changes-unaudited", "restricted log", |d| {
            store(
                d,
                &[("data_classification", "restricted"), ("is_log", "true")],
            )
        }),
        fire("log-injection", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-injection", "store that is not a log", |d| {
            store(d, &[("is_log", "false")])
        }),
        // Data stores: information disclosure
        fire(
            "store-restricted-unencrypted",
            "restricted, encryption unknown",
            |d| store(d, &[("data_classification", "restricted")]),
        ),
        fire(
            "store-restricted-unencrypted",
            "restricted, not encrypted",
            |d| {
                store(
                    d,
                    &[
                        ("data_classification", "restricted"),
                        ("encrypted_at_rest", "false"),
                    ],
                )
            },
        ),
        silent(
            "store-restricted-unencrypted",
            "restricted, encrypted",
            |d| {
                store(
                    d,
                    &[
                        ("data_classification", "restricted"),
                        ("encrypted_at_rest", "true"),
                    ],
                )
            },
        ),
        silent(
            "store-restricted-unencrypted",
            "confidential, not encrypted",
            |d| store(d, &[("data_classification", "confidential")]),
        ),
        fire(
            "store-unencrypted-at-rest",
            "store with nothing recorded",
            |d| store(d, &[]),
        ),
        fire(
            "store-unencrypted-at-rest",
            "confidential, not encrypted",
            |d| {
                store(
                    d,
                    &[
                        ("data_classification", "confidential"),
                        ("encrypted_at_rest", "false"),
                    ],
                )
            },
        ),
        silent("store-unencrypted-at-rest", "encrypted", |d| {
            store(d, &[("encrypted_at_rest", "true")])
        }),
        silent("store-unencrypted-at-rest", "public data", |d| {
            store(d, &[("data_classification", "public")])
        }),
        silent(
            "store-unencrypted-at-rest",
            "restricted (its own rule)",
            |d| store(d, &[("data_classification", "restricted")]),
        ),
        silent("store-unencrypted-at-rest", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        fire(
            "store-credentials-reversible",
            "credentials, hashing unknown",
            |d| store(d, &[("stores_credentials", "true")]),
        ),
        silent(
            "store-credentials-reversible",
            "credentials hashed with argon2id",
            |d| {
                store(
                    d,
                    &[
                        ("stores_credentials", "true"),
                        ("hashing_algorithm", "argon2id"),
                    ],
                )
            },
        ),
        silent("store-credentials-reversible", "no credentials", |d| {
            store(d, &[("stores_credentials", "false")])
        }),
        fire("store-predictable-keys", "incremental keys", |d| {
            store(d, &[("key_type", "incremental integer")])
        }),
        silent("store-predictable-keys", "UUID keys", |d| {
            store(d, &[("key_type", "uuid")])
        }),
        silent("store-predictable-keys", "keys unknown", |d| store(d, &[])),
        fire("store-natural-keys", "natural keys", |d| {
            store(d, &[("key_type", "natural key")])
        }),
        silent("store-natural-keys", "UUID keys", |d| {
            store(d, &[("key_type", "uuid")])
        }),
        fire("log-sensitive-data", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-sensitive-data", "store that is not a log", |d| {
            store(d, &[])
        }),
        // Data stores: denial of service
        fire("store-exhaustion", "store with nothing recorded", |d| {
            store(d, &[])
        }),
        silent("store-exhaustion", "log store (its own rule)", |d| {
            store(d, &[("is_log", "true")])
        }),
        fire("log-flooding", "log store", |d| {
            store(d, &[("is_log", "true")])
        }),
        silent("log-flooding", "store that is not a log", |d| {
            store(d, &[("is_log", "false")])
        }),
        // Data flows: information disclosure
        fire("flow-cleartext", "internal flow, encryption unknown", |d| {
            flow(d, (Process, Company), (Process, Company), &[])
        }),
        fire("flow-cleartext", "plain HTTP from the internet", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (Process, Company),
                &[("protocol", "HTTP"), ("encrypted_in_transit", "false")],
            )
        }),
        silent("flow-cleartext", "HTTPS", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (Process, Company),
                &[("protocol", "HTTPS"), ("encrypted_in_transit", "true")],
            )
        }),
        // The protocol catalogue (rules/protocols.toml): the box unticked.
        silent("flow-cleartext", "SSH, box not ticked", |d| {
            named_flow(d, "data", &[("protocol", "SSH")])
        }),
        silent("flow-cleartext", "TLS 1.3, box ticked off", |d| {
            named_flow(
                d,
                "data",
                &[("protocol", "TLS 1.3"), ("encrypted_in_transit", "false")],
            )
        }),
        fire("flow-cleartext", "HTTP, box not ticked", |d| {
            named_flow(d, "data", &[("protocol", "HTTP")])
        }),
        fire("flow-cleartext", "unknown protocol", |d| {
            named_flow(d, "data", &[("protocol", "PostgreSQL")])
        }),
        silent("flow-cleartext", "named HTTPS, no protocol", |d| {
            named_flow(d, "HTTPS", &[])
        }),
        fire("flow-cleartext", "named HTTP, no protocol", |d| {
            named_flow(d, "HTTP", &[])
        }),
        fire("flow-cleartext", "named HTTPS, protocol HTTP", |d| {
            named_flow(d, "HTTPS", &[("protocol", "HTTP")])
        }),
        fire(
            "flow-restricted-crossing",
            "restricted data leaving the company",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (ExternalEntity, Internet),
                    &[("data_classification", "restricted")],
                )
            },
        ),
        silent(
            "flow-restricted-crossing",
            "restricted data inside the company",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("data_classification", "restricted")],
                )
            },
        ),
        silent(
            "flow-restricted-crossing",
            "confidential data leaving the company",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (ExternalEntity, Internet),
                    &[("data_classification", "confidential")],
                )
            },
        ),
        fire(
            "flow-response-overexposure",
            "process to external entity",
            |d| flow(d, (Process, Company), (ExternalEntity, Internet), &[]),
        ),
        silent(
            "flow-response-overexposure",
            "external entity to process",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        silent("flow-response-overexposure", "process to process", |d| {
            flow(d, (Process, Company), (Process, Internet), &[])
        }),
        // Data flows: tampering
        fire(
            "flow-cleartext-tampering",
            "unencrypted, into the company",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        fire(
            "flow-cleartext-tampering",
            "unencrypted, into the vault",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (DataStore, Vault),
                    &[("encrypted_in_transit", "false")],
                )
            },
        ),
        silent(
            "flow-cleartext-tampering",
            "encrypted, into the company",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Internet),
                    (Process, Company),
                    &[("encrypted_in_transit", "true")],
                )
            },
        ),
        silent("flow-cleartext-tampering", "SFTP, into the company", |d| {
            named_flow(d, "data", &[("protocol", "SFTP")])
        }),
        fire("flow-cleartext-tampering", "FTP, into the company", |d| {
            named_flow(d, "data", &[("protocol", "FTP")])
        }),
        silent(
            "flow-cleartext-tampering",
            "unencrypted, inside the company",
            |d| flow(d, (Process, Company), (Process, Company), &[]),
        ),
        silent(
            "flow-cleartext-tampering",
            "unencrypted, outside every boundary",
            |d| flow(d, (Process, Nowhere), (Process, Nowhere), &[]),
        ),
        fire(
            "flow-unauthenticated-crossing",
            "into the company, sender unknown",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        fire(
            "flow-unauthenticated-crossing",
            "from outside every boundary into one",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Nowhere),
                    (Process, Company),
                    &[("authenticated", "false")],
                )
            },
        ),
        silent(
            "flow-unauthenticated-crossing",
            "into the company, sender authenticated",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Internet),
                    (Process, Company),
                    &[("authenticated", "true")],
                )
            },
        ),
        silent("flow-unauthenticated-crossing", "inside the company", |d| {
            flow(d, (Process, Company), (Process, Company), &[])
        }),
        fire("flow-untrusted-input", "from an external entity", |d| {
            flow(d, (ExternalEntity, Internet), (Process, Company), &[])
        }),
        fire(
            "flow-untrusted-input",
            "from an external entity in the same zone",
            |d| {
                flow(
                    d,
                    (ExternalEntity, Company),
                    (Process, Company),
                    &[("encrypted_in_transit", "true")],
                )
            },
        ),
        silent("flow-untrusted-input", "from a process", |d| {
            flow(d, (Process, Internet), (Process, Company), &[])
        }),
        silent("flow-untrusted-input", "to an external entity", |d| {
            flow(d, (Process, Company), (ExternalEntity, Internet), &[])
        }),
        fire("flow-query-injection", "process to store", |d| {
            flow(d, (Process, Company), (DataStore, Company), &[])
        }),
        silent("flow-query-injection", "store to process", |d| {
            flow(d, (DataStore, Company), (Process, Company), &[])
        }),
        silent("flow-query-injection", "external entity to store", |d| {
            flow(d, (ExternalEntity, Company), (DataStore, Company), &[])
        }),
        fire(
            "flow-internal-unauthenticated",
            "process to process inside the company",
            |d| flow(d, (Process, Company), (Process, Company), &[]),
        ),
        silent(
            "flow-internal-unauthenticated",
            "same, caller authenticated",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("authenticated", "true")],
                )
            },
        ),
        silent(
            "flow-internal-unauthenticated",
            "process to process across boundaries",
            |d| flow(d, (Process, Internet), (Process, Company), &[]),
        ),
        silent(
            "flow-internal-unauthenticated",
            "into the nested vault",
            |d| flow(d, (Process, Company), (Process, Vault), &[]),
        ),
        silent(
            "flow-internal-unauthenticated",
            "outside every boundary",
            |d| flow(d, (Process, Nowhere), (Process, Nowhere), &[]),
        ),
        silent("flow-internal-unauthenticated", "process to store", |d| {
            flow(d, (Process, Company), (DataStore, Company), &[])
        }),
        fire(
            "flow-credential-replay",
            "authenticated, unencrypted",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("authenticated", "true")],
                )
            },
        ),
        silent("flow-credential-replay", "authenticated, encrypted", |d| {
            flow(
                d,
                (Process, Company),
                (Process, Company),
                &[("authenticated", "true"), ("encrypted_in_transit", "true")],
            )
        }),
        silent("flow-credential-replay", "authenticated over LDAPS", |d| {
            named_flow(
                d,
                "data",
                &[("authenticated", "true"), ("protocol", "LDAPS")],
            )
        }),
        fire("flow-credential-replay", "authenticated over LDAP", |d| {
            named_flow(
                d,
                "data",
                &[("authenticated", "true"), ("protocol", "LDAP")],
            )
        }),
        silent(
            "flow-credential-replay",
            "unauthenticated, unencrypted",
            |d| {
                flow(
                    d,
                    (Process, Company),
                    (Process, Company),
                    &[("authenticated", "false")],
                )
            },
        ),
        fire("flow-csrf", "authenticated, entity to process", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (Process, Company),
                &[("authenticated", "true"), ("encrypted_in_transit", "true")],
            )
        }),
        silent("flow-csrf", "unauthenticated, entity to process", |d| {
            flow(d, (ExternalEntity, Internet), (Process, Company), &[])
        }),
        silent("flow-csrf", "authenticated, process to process", |d| {
            flow(
                d,
                (Process, Internet),
                (Process, Company),
                &[("authenticated", "true")],
            )
        }),
        silent("flow-csrf", "authenticated, entity to store", |d| {
            flow(
                d,
                (ExternalEntity, Internet),
                (DataStore, Company),
                &[("authenticated", "true")],
            )
        }),
        // Data flows: denial of service
        fire(
            "flow-oversized-input",
            "entity on the internet to company process",
            |d| flow(d, (ExternalEntity, Internet), (Process, Company), &[]),
        ),
        silent(
            "flow-oversized-input",
            "entity and process in the same zone",
            |d| flow(d, (ExternalEntity, Company), (Process, Company), &[]),
        ),
        silent("flow-oversized-input", "process across the boundary", |d| {
            flow(d, (Process, Internet), (Process, Company), &[])
        }),
        fire("flow-unbounded-results", "store to process", |d| {
            flow(d, (DataStore, Company), (Process, Company), &[])
        }),
        silent("flow-unbounded-results", "process to store", |d| {
            flow(d, (Process, Company), (DataStore, Company), &[])
        }),
    ]
}
