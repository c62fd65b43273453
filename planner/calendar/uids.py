"""Calendar UIDs: stable forever, unique per object, free of host names (RFC 7986, 5.3).

A UID is a UUID derived from the object's type and id inside a namespace derived from the
installation's PUBLIC_HOST, so two installations never collide and the host never shows in the
UID itself. Changing PUBLIC_HOST changes every UID, which is why it is set once per installation.
"""

from __future__ import annotations

import uuid
from functools import lru_cache


@lru_cache(maxsize=8)
def namespace(public_host: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_DNS, public_host)


@lru_cache(maxsize=65536)
def item_uid(kind: str, item_id: int, public_host: str) -> str:
    """The UID of an "event", "session" or "deadline": uuid5(namespace, "event:12")."""
    return str(uuid.uuid5(namespace(public_host), f"{kind}:{item_id}"))
