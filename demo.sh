#!/usr/bin/env bash
# The end-to-end demo lands with its own issue; until then this says what exists.
echo "wsaudit demo: not built yet. What works today: the agent (see docs/agent.md)."
echo "Run the tests with: ./mvnw -B verify"
