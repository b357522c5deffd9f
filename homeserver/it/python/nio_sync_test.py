"""A matrix-nio client against a Lightweb node: registers, creates a room, and a second client's sync loop
receives the first one's messages. Run by org.lightweb.it.NioIT with LIGHTWEB_BASE_URL set; exits non-zero on
failure and prints 'nio: N passed, 0 failed' when everything worked."""
import asyncio
import os
import secrets
import sys

from nio import AsyncClient, JoinResponse, LoginResponse, RegisterResponse, RoomCreateResponse, RoomMessageText, \
    RoomSendResponse, SyncResponse

BASE_URL = os.environ["LIGHTWEB_BASE_URL"]
PASSWORD = "correct horse battery staple"


async def registered(prefix: str) -> AsyncClient:
    """Registers a fresh user (nio follows the dummy UIA flow itself) and logs in with the password."""
    username = prefix + secrets.token_hex(4)
    client = AsyncClient(BASE_URL, username)
    res = await client.register(username, PASSWORD, device_name="nio test")
    assert isinstance(res, RegisterResponse), f"register: {res}"
    await client.close()
    client = AsyncClient(BASE_URL, f"@{username}:{res.user_id.split(':', 1)[1]}")
    login = await client.login(PASSWORD, device_name="nio sync loop")
    assert isinstance(login, LoginResponse), f"login: {login}"
    return client


async def sync_loop_receives_messages() -> None:
    alice = await registered("nioalice")
    bob = await registered("niobob")
    try:
        created = await alice.room_create(name="nio room", invite=[bob.user_id])
        assert isinstance(created, RoomCreateResponse), f"room_create: {created}"
        room_id = created.room_id

        first = await bob.sync(timeout=0, full_state=True)
        assert isinstance(first, SyncResponse), f"sync: {first}"
        assert room_id in first.rooms.invite, f"bob should be invited to {room_id}: {first.rooms.invite.keys()}"
        joined = await bob.join(room_id)
        assert isinstance(joined, JoinResponse), f"join: {joined}"

        received: list[str] = []

        def on_message(room, event) -> None:
            if room.room_id == room_id and event.sender == alice.user_id:
                received.append(event.body)

        bob.add_event_callback(on_message, RoomMessageText)
        await bob.sync(timeout=0)   # catch up to now; the loop below long-polls from here

        async def speak() -> None:
            await asyncio.sleep(0.5)
            for body in ("one", "two", "three"):
                sent = await alice.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body})
                assert isinstance(sent, RoomSendResponse), f"room_send: {sent}"

        speaker = asyncio.create_task(speak())
        deadline = asyncio.get_running_loop().time() + 30
        while len(received) < 3 and asyncio.get_running_loop().time() < deadline:
            res = await bob.sync(timeout=5000)
            assert isinstance(res, SyncResponse), f"sync: {res}"
        await speaker
        assert received == ["one", "two", "three"], f"bob's sync loop received {received}"
        assert bob.rooms[room_id].display_name == "nio room", bob.rooms[room_id].display_name
    finally:
        await alice.close()
        await bob.close()


async def main() -> int:
    tests = [sync_loop_receives_messages]
    failed = 0
    for test in tests:
        try:
            await asyncio.wait_for(test(), timeout=120)
            print(f"ok - {test.__name__}")
        except Exception as e:  # noqa: BLE001 - report every failure the same way
            failed += 1
            print(f"not ok - {test.__name__}: {e!r}")
    print(f"nio: {len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
