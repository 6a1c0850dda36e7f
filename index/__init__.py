"""Documents, chunking, embeddings, and hybrid (faiss + keyword) search."""
