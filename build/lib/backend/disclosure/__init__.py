"""Disclosure (政务公开): outbox, publications, masking policy, public pages, feeds, exports, outbound delivery."""
