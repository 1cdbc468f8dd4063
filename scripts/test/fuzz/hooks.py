"""Schemathesis hooks for the API fuzz stage (scripts/test/fuzz-api.sh), loaded through SCHEMATHESIS_HOOKS.

With FUZZ_ROLE=viewer, a check that a viewer never gets a 2xx on an operation that needs more than viewer
(the document's x-required-role): the role checks of server/http/route.ts, seen from outside.
"""
import os

import schemathesis

ROLE_RANK = {"public": 0, "viewer": 1, "operator": 2, "admin": 3}


def _required_role(case):
    definition = getattr(case.operation, "definition", None)
    raw = getattr(definition, "raw", None) or {}
    return raw.get("x-required-role", "public")


@schemathesis.check
def role_is_enforced(ctx, response, case):
    role = os.environ.get("FUZZ_ROLE", "admin")
    # The coverage phase also probes methods an operation does not define. OPTIONS answers 204 with Allow to anyone
    # (server/http/methods.ts): it runs no handler and discloses nothing but the methods, which the document lists.
    if response.request.method == "OPTIONS":
        return None
    required = _required_role(case)
    if ROLE_RANK.get(required, 3) <= ROLE_RANK.get(role, 0):
        return None
    if 200 <= response.status_code < 300:
        raise AssertionError(
            f"a {role} token got {response.status_code} on {case.method} {case.path}, which needs {required}"
        )
    return None
