"""Boilerplate lines: page furniture that scrapers leave in article text.

Patterns are general (any outlet): donation asks ("Support <Outlet>"), recirculation blocks
("Popular in the Community", "Related stories"), newsletter and cookie prompts, share bars,
advertisement markers, copyright lines. A line is only dropped when the *whole* line matches
and it is short, so a body sentence that merely mentions a newsletter survives.
"""

from __future__ import annotations

import re

_SHORT = 12  # words: furniture lines are short
_PROMPT = 35  # words: sign-up and cookie prompts run longer

#: Whole-line patterns for short lines (matched case-insensitively, trailing punctuation ignored).
_SHORT_PATTERNS = [
    # "Support HuffPost", "Support The Guardian"; not a subhead like "Support for the deal".
    r"support (?:us|our (?:work|journalism|newsroom)|independent journalism|"
    r"(?-i:[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}))",
    r"(?:donate|contribute|become a (?:member|supporter|subscriber))(?: (?:now|today|here))?",
    r"popular in the community",
    r"(?:most )?(?:popular|read|viewed|shared|emailed)(?: (?:now|today|stories|articles|on \w+))?",
    r"most (?:popular|read|viewed|shared|emailed)(?: .{0,30})?",
    r"trending(?: (?:now|stories|topics|news))?",
    r"(?:related|recommended|suggested|more)(?: (?:articles?|stories|coverage|content|topics|news|"
    r"reading|links|posts?|videos?|for you|from \S.{0,40}|on \S.{0,40}|about \S.{0,40}|headlines))?",
    r"(?:read|see|watch)(?: (?:more|also|next|full (?:story|article)|the full (?:story|article)))\b.{0,80}",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in).{0,60}",
    r"(?:advertisement|advertising|sponsored(?: content| links?)?|adchoices|ad|paid content|promoted)",
    r"(?:story|article) continues (?:below|after)(?: (?:the )?(?:advertisement|ad|this ad))?",
    r"continue reading(?: (?:below|the main story|this article))?.{0,40}",
    r"skip (?:to|ad|advert).{0,40}",
    r"(?:share|tweet|email|print|save|comment|pin)(?: (?:this|the))?(?: (?:article|story|post|page|link))?",
    r"share (?:this|on|via|with)\b.{0,50}",
    r"(?:click|tap) here\b.{0,80}",
    r"follow (?:us|[@\w.]+)(?: on)? (?:twitter|facebook|instagram|x|linkedin|tiktok|youtube|threads|bluesky).{0,40}",
    r"(?:copyright|©|\(c\))\s*.{0,80}",
    r".{0,80}all rights reserved",
    r"listen to (?:this|the) (?:article|story|episode).{0,30}",
    r"\d+ min(?:ute)?s? read",
    r"(?:loading|please wait)\.{0,3}",
    r"(?:comments?|leave a comment|join the conversation|view comments|show comments|\d+ comments?)",
    r"(?:download|get) (?:the|our) .{0,30}app.{0,40}",
    r"back to top|top of page|go to top",
    r"(?:log ?in|sign ?in|sign ?up|register|subscribe)(?: (?:now|today|here|for free))?",
    r"(?:image|photo|video)s? (?:credit|courtesy)\s*:.{0,60}",
]

#: Longer prompts: a sign-up/subscribe/cookie ask anywhere in a line of at most ``_PROMPT`` words.
_PROMPT_PATTERNS = [
    r"(?:sign up|subscribe|register|enter your email|get (?:our|the)\b.{0,40}\b(?:newsletter|briefing|"
    r"digest|email)).{0,200}(?:newsletter|inbox|e-?mail|updates|alerts|briefing|digest)",
    r".{0,80}\bnewsletters?\b.{0,80}(?:sign up|subscribe|inbox|delivered)",
    r"(?:we|this (?:site|website)|our (?:site|website)) uses? cookies.{0,250}",
    r".{0,40}(?:accept|manage|reject) (?:all )?cookies.{0,120}",
    r"cookie (?:policy|settings|preferences|consent).{0,120}",
    r"by (?:clicking|continuing|signing up|subscribing)\b.{0,200}(?:terms|privacy|cookies).{0,100}",
    r"(?:already a subscriber|subscribe to continue|to continue reading).{0,150}",
]

_SHORT_RE = re.compile(r"^(?:" + "|".join(_SHORT_PATTERNS) + r")$", re.IGNORECASE)
_PROMPT_RE = re.compile(r"^(?:" + "|".join(_PROMPT_PATTERNS) + r")$", re.IGNORECASE)
_TRIM = " \t*_•·|>»«›‹→←:.!…-–—"


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than article text."""
    core = line.strip().strip(_TRIM).strip()
    if not core:
        return False
    words = len(core.split())
    if words <= _SHORT and _SHORT_RE.match(core):
        return True
    return words <= _PROMPT and bool(_PROMPT_RE.match(core))
