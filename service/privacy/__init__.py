"""Personal information on the service side: masked questions, logs without secrets, subscriber data."""
