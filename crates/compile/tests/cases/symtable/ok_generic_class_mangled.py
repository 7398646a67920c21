class C[__T, U](__Base):
    __attr: __T
    def m(self) -> __T:
        return __T
