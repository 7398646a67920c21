class C[__classdict__: int]: pass
