"""Training and evaluating the dosing agent (PPO) on the simulated athlete (docs/models/ppo.md)."""
