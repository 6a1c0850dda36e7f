"""Precision push (政策找人、政策找企业): subscribers, explainable matching, scheduled webhook delivery.

    profiles / subscribers   who listens (validated profile, channel, stored embedding)
    audience / audience_store  what a policy is for (适用对象, jurisdiction, industries, thresholds)
    regions, vocabulary      jurisdiction containment; the terms matched on
    features / matching / reasons  vectorised scoring of every subscriber against policies, with reasons
    candidates               staff view of a policy's candidates and approve / reject decisions
    runs / leases            a run: changed policies → digests in the transactional outbox, once per fire time
    outbox / dispatch        sending with retries, back-off, dead letters; `channel` + `webhook` implement it
    scheduler                APScheduler wiring on an injected clock
    clicks / stats           tracking links and push effect
    service                  `PushService`, the one object the service, the worker and the console use
"""
