{None: }
