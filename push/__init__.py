"""Subscribers, policy matching, the push schedule and webhook delivery."""
