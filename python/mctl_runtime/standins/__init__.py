"""Stand-ins for platform-only modules, put at the END of sys.path by adapters.install_standins
(so a real installed module always wins). One directory per flavor; each holds top-level
modules exactly as the platform provides them."""
