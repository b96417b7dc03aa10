// The webhook secret of the load benchmark's deliveries (bench/load.mjs signs with it; the stage
// Worker and the receiver verify with it). A benchmark value, not a secret.
export const BENCH_SECRET = "7b1f0c2e9d8a4b6c5e3f2a1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b";
