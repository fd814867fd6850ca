"""wirestore.auth, rate_limit, router, conversation: small parts, one test group each."""

import pytest
from pydantic import BaseModel

from wirestore import ChatMessage, Context
from wirestore.auth import AuthError, reference_convention, verify
from wirestore.conversation import Conversations
from wirestore.rate_limit import SlidingWindow, retry_message
from wirestore.router import PayloadError, Router


async def test_auth_reference_convention_and_async_checks() -> None:
    assert reference_convention("alice_1-x") == "alice_1-x"
    for token, code, reason in [
        (None, 4401, "AUTH_REQUIRED"),
        ("bad-x", 4401, "AUTH_FAILED"),
        ("a b", 4401, "AUTH_FAILED"),
        ("forbidden", 4403, "FORBIDDEN"),
    ]:
        with pytest.raises(AuthError) as refused:
            reference_convention(token)
        assert (refused.value.code, refused.value.reason) == (code, reason)

    async def check(token: str | None) -> str:
        return f"user:{token}"

    assert await verify(check, "t") == "user:t"
    assert await verify(None, None) == "anonymous"
    with pytest.raises(AuthError):
        await verify(lambda token: "", "t")


def test_sliding_window_allows_limit_per_window_and_says_when() -> None:
    now = [0.0]
    limit = SlidingWindow(10, 60.0, clock=lambda: now[0])
    assert all(limit.check("a") is None for _ in range(10))
    wait = limit.check("a")
    assert wait == pytest.approx(60.0)
    assert limit.check("b") is None
    now[0] = 30.0
    assert limit.check("a") == pytest.approx(30.0)
    now[0] = 60.0
    assert limit.check("a") is None
    assert retry_message(29.2) == "Rate limit exceeded. Try again in 30 seconds"


def test_router_reads_the_model_from_the_annotation() -> None:
    router = Router()

    async def chat(ctx: Context, msg: ChatMessage) -> None: ...

    async def raw(ctx: Context, payload: dict[str, object]) -> None: ...

    class Vote(BaseModel):
        up: bool

    async def vote(ctx: Context, v: Vote) -> None: ...

    assert router.add("chat.message", chat).model is ChatMessage
    assert router.add("raw", raw).model is None
    route = router.add("vote", vote)
    assert route.read({"up": True}) == Vote(up=True)
    with pytest.raises(PayloadError, match=r"payload\.up"):
        route.read({"up": "sideways"})
    assert router.get("nope") is None
    with pytest.raises(ValueError, match="already"):
        router.add("raw", raw)
    with pytest.raises(TypeError, match="async"):
        router.add("sync", lambda ctx, p: None)  # type: ignore[arg-type,return-value]


class _Member:
    def __init__(self, ident: str) -> None:
        self.id = ident


def test_conversations_fan_out_to_the_others_only() -> None:
    rooms = Conversations()
    a, b, c = _Member("a"), _Member("b"), _Member("c")
    rooms.join(a, "x")
    rooms.join(b, "x")
    rooms.join(c, "y")
    assert [m.id for m in rooms.others(a)] == ["b"]
    rooms.join(b, "y")
    assert [m.id for m in rooms.others(a)] == []
    assert sorted(m.id for m in rooms.others(c)) == ["b"]
    rooms.leave(c)
    assert rooms.of(c) == "default"
