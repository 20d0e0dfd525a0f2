"""argon2id hashing: the dummy verification for unknown emails costs what a real one does."""

from __future__ import annotations

from argon2 import extract_parameters

from skriptoteket.infrastructure.security.passwords import Argon2PasswordHasher


async def test_a_hash_verifies_its_password_and_nothing_else() -> None:
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8)
    stored = await hasher.hash("correct horse battery")
    assert await hasher.verify(stored, "correct horse battery")
    assert not await hasher.verify(stored, "wrong")
    assert not await hasher.verify("not a hash", "anything")


async def test_the_dummy_hash_has_the_parameters_of_real_hashes() -> None:
    hasher = Argon2PasswordHasher(time_cost=2, memory_cost=16)
    real = extract_parameters(await hasher.hash("x"))
    dummy = extract_parameters(hasher._dummy_hash)
    assert dummy == real
    await hasher.verify_dummy("whatever")  # returns nothing, raises nothing


async def test_hashes_made_with_other_parameters_need_a_rehash() -> None:
    old = await Argon2PasswordHasher(time_cost=1, memory_cost=8).hash("x")
    current = Argon2PasswordHasher(time_cost=2, memory_cost=16)
    assert current.needs_rehash(old)
    assert not current.needs_rehash(await current.hash("x"))
    assert current.needs_rehash("garbage")
