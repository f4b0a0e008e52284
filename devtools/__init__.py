"""What the tests, the benchmarks and the scripts share: the dashboard served on a free loopback port for Chromium."""
