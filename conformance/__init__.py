"""wirestore protocol v1 conformance suite: scenarios any protocol v1 server must pass.

Run it against a server's WebSocket URL::

    python -m conformance --url ws://127.0.0.1:8000/ws
    pytest conformance --server-url ws://127.0.0.1:8000/ws

What each scenario checks, and the test hooks a server under test provides, are in
``conformance/README.md``. Layout:

- ``settings``: what the suite was told about the server (URL, replay buffer, timeouts).
- ``hooks``: the test-hook conventions (tokens, prompts, form values, query parameters).
- ``wire``: protocol v1 names (actions, close codes) and the client frame encoder.
- ``checks``: the rules every server frame is held to (shape, seq, acks, lifecycle).
- ``schema``: optional JSON Schema validation of every server frame.
- ``peer``: one WebSocket connection that records and checks what it receives.
- ``fold``: a message's state derived from its frames, to compare with a snapshot.
- ``flow``: steps scenarios share (send a chat, wait for the reply, stop it).
- ``scenarios/``: the scenarios, one file per area of the protocol.
"""
