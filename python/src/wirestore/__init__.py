"""wirestore for Python: the server side of wirestore protocol v1 for any ASGI app.

A ``Hub`` owns sessions (seq, a bounded history that outlives the socket, exact resume,
message snapshots for ``sync``), acks, ``signal.stop``, elicitation, typing fan-out and
bad-input handling; handlers only say what to stream::

    from fastapi import FastAPI, WebSocket
    from wirestore import ChatMessage, Context, Hub, Source

    app = FastAPI()
    hub = Hub()

    @app.websocket("/ws")
    async def ws(socket: WebSocket) -> None:
        await hub.serve(socket)

    @hub.on("chat.message")
    async def chat(ctx: Context, msg: ChatMessage) -> None:
        async with ctx.reply() as reply:
            await reply.sources([Source(url="https://example.com", title="Example")])
            for token in ["Hel", "lo"]:
                await reply.delta(token)
            await reply.follow_ups(["And then?"])

Layout (one concept per module): ``hub`` (sockets, dispatch, signals), ``builtin`` (the
protocol's own client actions), ``connection`` (one socket's reader and writer),
``context`` and ``reply`` (what handlers use), ``router`` (action -> handler and model),
``inbound`` (client frames read), ``frame`` (server frames encoded), ``snapshot`` (a
message's record), ``replay`` (the bounded history), ``store`` (the ``SessionStore``
interface and ``MemoryStore``), ``auth``, ``rate_limit``, ``conversation``, ``elicitation``,
``protocol`` (names), ``wire`` (pydantic models generated from ``schema/protocol-v1.json``).
"""

from wirestore.auth import AuthError, reference_convention
from wirestore.connection import Limits
from wirestore.context import Context
from wirestore.elicitation import ElicitationCancelled, ElicitationError, ElicitationTimeout
from wirestore.hub import Hub
from wirestore.rate_limit import RateLimit, SlidingWindow
from wirestore.replay import Limits as HistoryLimits
from wirestore.reply import Reply, ReplyError
from wirestore.store import MemoryStore, SessionStore
from wirestore.wire import ChatMessage, Source

__all__ = [
    "AuthError",
    "ChatMessage",
    "Context",
    "ElicitationCancelled",
    "ElicitationError",
    "ElicitationTimeout",
    "HistoryLimits",
    "Hub",
    "Limits",
    "MemoryStore",
    "RateLimit",
    "Reply",
    "ReplyError",
    "SessionStore",
    "SlidingWindow",
    "Source",
    "reference_convention",
]
