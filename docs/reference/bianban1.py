#!/usr/bin/env python3
"""An independent implementation of grouping algorithm bianban-1, written from
docs/algorithm.md alone, to show that the page is complete.

Input (stdin): the canonical lines of the students, one per line (tab-separated as the page
defines). Arguments: seed (canonical form), school, N. Output: the roster fingerprint, the key,
then one line per group with the canonical lines' names (second field) joined by commas,
in canonical order inside each group.
"""
import hashlib
import struct
import sys


def rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)


def chacha20_block(key, counter):
    """RFC 7539 block with a zero nonce; returns sixteen 32-bit words."""
    const = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    k = list(struct.unpack("<8I", key))
    state = const + k + [counter & 0xFFFFFFFF, counter >> 32, 0, 0]
    s = state[:]
    for _ in range(10):
        quarter(s, 0, 4, 8, 12); quarter(s, 1, 5, 9, 13)
        quarter(s, 2, 6, 10, 14); quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15); quarter(s, 1, 6, 11, 12)
        quarter(s, 2, 7, 8, 13); quarter(s, 3, 4, 9, 14)
    return [(x + y) & 0xFFFFFFFF for x, y in zip(s, state)]


class Generator:
    def __init__(self, key):
        self.key, self.counter, self.words = key, 0, []

    def next_u32(self):
        if not self.words:
            self.words = chacha20_block(self.key, self.counter)
            self.counter += 1
        return self.words.pop(0)

    def below(self, b):
        t = (2**32 - b) % b
        while True:
            m = self.next_u32() * b
            if m % 2**32 >= t:
                return m >> 32

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.below(i + 1)
            a[i], a[j] = a[j], a[i]


def main():
    seed, school, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lines = sorted(l for l in sys.stdin.read().split("\n") if l)
    lines = sorted(lines, key=lambda l: l.encode())
    form = "bianban-roster-v1\n" + "".join(l + "\n" for l in lines)
    roster = hashlib.sha256(form.encode()).hexdigest()
    key_text = f"bianban-1/group\nseed={seed}\nschool={school}\nroster={roster}\nclasses={n}\n"
    key = hashlib.sha256(key_text.encode()).digest()
    gen = Generator(key)
    boys = [l for l in lines if l.split("\t")[2] == "M"]
    girls = [l for l in lines if l.split("\t")[2] == "F"]
    gen.shuffle(boys); gen.shuffle(girls)
    slots = list(range(n)); gen.shuffle(slots)
    rb, rg = len(boys) % n, len(girls) % n
    nb = [len(boys) // n] * n; ng = [len(girls) // n] * n
    for g in slots[:rb]: nb[g] += 1
    for g in slots[n - rg:] if rg else []: ng[g] += 1
    print(roster)
    print(key.hex())
    bi = gi = 0
    for g in range(n):
        members = boys[bi:bi + nb[g]] + girls[gi:gi + ng[g]]
        bi += nb[g]; gi += ng[g]
        members.sort(key=lambda l: l.encode())
        print(",".join(m.split("\t")[1] for m in members))


if __name__ == "__main__":
    main()
