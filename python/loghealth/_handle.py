"""Lifetime of objects that own a library handle: close(), a context
manager, and a last-chance close when garbage collected."""


class Closeable:
    def close(self):  # subclasses free their handles
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone
            pass
