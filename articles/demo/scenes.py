"""Scenes for the demo's pictures: a city at dusk, a market, a football pitch… drawn with
Pillow from a seed, with no text on them, so that a page of cards looks like a newspaper's and
not like a repeated label. Each scene says in French what it shows: the alt text is true.

A scene is chosen by rubrique (a sports story shows a pitch, an economy story a skyline), and
the seed (the article's slug) picks the time of day, the layout and the details, so two
stories of one rubrique still differ.
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

from articles.demo.reference import RGB, Palette

Size = tuple[int, int]


@dataclass(frozen=True)
class Sky:
    top: RGB
    bottom: RGB
    sun: RGB
    words: str  # « au crépuscule », for the alt text
    night: bool = False


SKIES = (
    Sky((46, 92, 160), (168, 206, 236), (255, 244, 214), "en plein jour"),
    Sky((250, 150, 90), (255, 214, 150), (255, 236, 190), "au lever du jour"),
    Sky((48, 40, 96), (236, 120, 84), (255, 190, 120), "au crépuscule"),
    Sky((12, 20, 48), (40, 62, 110), (236, 236, 220), "de nuit", night=True),
)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _shade(colour: RGB, factor: float) -> RGB:
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def _vertical(size: Size, top: RGB, bottom: RGB) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _sky(size: Size, sky: Sky, rng: random.Random, horizon: int) -> Image.Image:
    image = _vertical(size, sky.top, sky.bottom)
    draw = ImageDraw.Draw(image, "RGBA")
    width, _ = size
    radius = rng.randint(horizon // 10, horizon // 6) + 8
    x, y = rng.randint(width // 8, width * 7 // 8), rng.randint(horizon // 5, horizon * 3 // 4)
    for glow in range(4, 0, -1):  # a soft halo, then the disc
        r = radius * (1 + glow * 0.35)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*sky.sun, 22))
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=sky.sun)
    if sky.night:
        for _ in range(60):
            sx, sy = rng.randint(0, width), rng.randint(0, horizon)
            draw.point((sx, sy), fill=(255, 255, 240, rng.randint(90, 220)))
    return image


def _hills(draw, size: Size, rng, base: int, colour: RGB, amplitude: int) -> None:
    width, height = size
    phase, wave = rng.uniform(0, 6.3), rng.uniform(1.2, 2.6)
    points = [(0, height)]
    for x in range(0, width + 21, 20):
        y = base - amplitude * (0.5 + 0.5 * math.sin(phase + wave * x / width * math.pi))
        points.append((x, y))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def skyline(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    horizon = height * 2 // 3
    image = _sky(size, sky, rng, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    for layer, factor in ((0, 0.55), (1, 0.3)):
        x = -rng.randint(0, 40)
        while x < width:
            w = rng.randint(width // 24, width // 9)
            top = horizon - rng.randint(height // 10, height // (3 - layer))
            body = _shade(_mix(palette.start, (20, 20, 30), 0.5), factor + 0.3 * (1 - layer))
            draw.rectangle((x, top, x + w, height), fill=body)
            if sky.night or layer == 1:
                lit = (255, 220, 140, 200) if sky.night else (*_shade(sky.bottom, 1.1), 90)
                for wy in range(top + 8, height - 8, 14):
                    for wx in range(x + 6, x + w - 6, 12):
                        if rng.random() < (0.45 if sky.night else 0.25):
                            draw.rectangle((wx, wy, wx + 5, wy + 7), fill=lit)
            x += w + rng.randint(2, 12)
    draw.rectangle((0, horizon + height // 6, width, height), fill=_shade(palette.start, 0.35))
    return image, f"Silhouettes d'immeubles {sky.words}"


def landscape(
    size: Size, palette: Palette, rng: random.Random, sky: Sky
) -> tuple[Image.Image, str]:
    width, height = size
    horizon = height * 3 // 5
    image = _sky(size, sky, rng, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    green = _mix(palette.start, (40, 110, 60), 0.6)
    for depth, base in enumerate((horizon, horizon + height // 8, horizon + height // 4)):
        colour = _shade(green, 0.6 + 0.25 * depth) if not sky.night else _shade(green, 0.3)
        _hills(draw, size, rng, base, colour, height // (6 + depth * 2))
    for _ in range(rng.randint(2, 5)):  # palm trees
        x, ground = rng.randint(0, width), rng.randint(horizon + height // 6, height)
        tall = rng.randint(height // 5, height // 3)
        trunk = _shade(green, 0.25)
        lean = rng.randint(-tall // 6, tall // 6)
        draw.line((x, ground, x + lean, ground - tall), fill=trunk, width=max(4, width // 200))
        for angle in range(0, 360, 45):
            a = math.radians(angle + rng.randint(-10, 10))
            end = (x + lean + math.cos(a) * tall / 3, ground - tall + math.sin(a) * tall / 6)
            draw.line((x + lean, ground - tall, *end), fill=trunk, width=max(3, width // 260))
    return image, f"Collines et palmiers {sky.words}"


def market(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    image = _vertical(size, _shade(palette.end, 1.1), _shade(palette.start, 0.8))
    draw = ImageDraw.Draw(image, "RGBA")
    colours = [palette.start, palette.end, (232, 180, 60), (200, 70, 60), (40, 120, 170)]
    stalls = rng.randint(4, 6)
    w = width / stalls
    for i in range(stalls):
        left, top = i * w, height * rng.uniform(0.18, 0.3)
        colour, stripe = rng.sample(colours, 2)
        for s in range(6):  # a striped awning
            draw.rectangle(
                (left + s * w / 6, top, left + (s + 1) * w / 6, top + height // 8),
                fill=colour if s % 2 else stripe,
            )
        for s in range(6):  # its scalloped edge
            cx = left + (s + 0.5) * w / 6
            r = w / 12
            draw.pieslice(
                (cx - r, top + height // 8 - r, cx + r, top + height // 8 + r),
                0,
                180,
                fill=colour if s % 2 else stripe,
            )
        counter = top + height // 8 + height * 0.3
        draw.rectangle((left + 6, counter, left + w - 6, height), fill=_shade(palette.start, 0.5))
        for _ in range(rng.randint(10, 18)):  # fruit and wares on the counter
            fx = rng.uniform(left + 14, left + w - 14)
            fy = counter - rng.uniform(6, height * 0.12)
            r = rng.uniform(height / 60, height / 30)
            draw.ellipse((fx - r, fy - r, fx + r, fy + r), fill=rng.choice(colours))
    return image, "Étals colorés sous des auvents rayés"


def pitch(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    horizon = height // 3
    image = _sky(size, sky, rng, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    stand = _shade(palette.start, 0.5)
    draw.rectangle((0, horizon - height // 10, width, horizon), fill=stand)
    for _ in range(400):  # the crowd
        x, y = rng.randint(0, width), rng.randint(horizon - height // 10, horizon - 4)
        draw.point((x, y), fill=(*_mix(palette.end, (255, 255, 255), rng.random()), 200))
    green, light = (46, 132, 64), (58, 152, 76)
    bands = 8
    for b in range(bands):  # mown stripes in perspective
        y0 = horizon + (height - horizon) * (b / bands) ** 1.3
        y1 = horizon + (height - horizon) * ((b + 1) / bands) ** 1.3
        draw.rectangle((0, y0, width, y1), fill=green if b % 2 else light)
    white = (245, 245, 240, 220)
    centre = width // 2 + rng.randint(-width // 6, width // 6)
    mid = horizon + (height - horizon) // 3
    draw.line((centre, horizon, centre - width // 5, height), fill=white, width=4)
    draw.ellipse(
        (centre - width // 8, mid - height // 14, centre + width // 8, mid + height // 14),
        outline=white,
        width=4,
    )
    bx, by, r = rng.randint(width // 6, width * 5 // 6), height * 0.8, height / 28
    draw.ellipse((bx - r, by - r, bx + r, by + r), fill=(250, 250, 250), outline=(20, 20, 20))
    return image, f"Pelouse d'un stade et ballon, tribunes {sky.words}"


def court(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    image = _vertical(size, (40, 36, 44), (196, 140, 84))
    draw = ImageDraw.Draw(image, "RGBA")
    floor = height // 2
    for i in range(0, width, width // 16):  # floorboards
        draw.line((i, floor, i + (i - width / 2) * 0.6, height), fill=(150, 100, 56, 120), width=2)
    draw.rectangle((0, floor - 4, width, floor), fill=(90, 60, 40))
    x = rng.randint(width // 4, width * 3 // 4)
    board = (x - width // 10, height // 8, x + width // 10, height // 8 + height // 6)
    draw.rectangle(board, fill=(240, 240, 240), outline=palette.start, width=6)
    rim_y = board[3] - 6
    draw.ellipse(
        (x - width // 22, rim_y, x + width // 22, rim_y + height // 30),
        outline=(232, 96, 40),
        width=6,
    )
    for k in range(6):  # the net
        draw.line(
            (
                x - width // 22 + k * width // 60,
                rim_y + 8,
                x - width // 40 + k * width // 100,
                rim_y + height // 8,
            ),
            fill=(250, 250, 250, 200),
            width=2,
        )
    bx, by, r = x + rng.randint(-width // 4, width // 4), height * 0.7, height / 14
    draw.ellipse(
        (bx - r, by - r, bx + r, by + r), fill=(222, 110, 40), outline=(60, 30, 20), width=3
    )
    return image, "Panier de basket au-dessus d'un parquet"


def stage(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    image = _vertical(size, (14, 10, 24), _shade(palette.start, 0.7))
    draw = ImageDraw.Draw(image, "RGBA")
    lights = Image.new("RGBA", size, (0, 0, 0, 0))
    beams = ImageDraw.Draw(lights)
    for _ in range(rng.randint(3, 5)):  # spotlights
        top = rng.randint(0, width)
        foot = rng.randint(width // 8, width * 7 // 8)
        spread = rng.randint(width // 12, width // 6)
        colour = rng.choice([palette.end, (255, 230, 170), (150, 200, 255)])
        beams.polygon(
            [(top, 0), (foot - spread, height), (foot + spread, height)], fill=(*colour, 70)
        )
    image.paste(
        lights.filter(ImageFilter.GaussianBlur(12)),
        (0, 0),
        lights.filter(ImageFilter.GaussianBlur(12)),
    )
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle((0, height * 3 // 4, width, height), fill=(20, 14, 28))
    for _ in range(rng.randint(2, 4)):  # musicians in silhouette
        x = rng.randint(width // 8, width * 7 // 8)
        tall = rng.randint(height // 4, height // 3)
        feet = height * 3 // 4
        head = tall // 7
        draw.ellipse((x - head, feet - tall, x + head, feet - tall + 2 * head), fill=(8, 6, 12))
        draw.polygon(
            [
                (x - head * 2, feet),
                (x - head * 1.4, feet - tall + 2 * head),
                (x + head * 1.4, feet - tall + 2 * head),
                (x + head * 2, feet),
            ],
            fill=(8, 6, 12),
        )
    for _ in range(300):  # the audience's raised hands and phones
        x, y = rng.randint(0, width), rng.randint(height * 3 // 4, height)
        draw.point((x, y), fill=(255, 240, 200, rng.randint(40, 160)))
    return image, "Scène de concert sous les projecteurs"


def shelves(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    image = Image.new("RGB", size, (92, 64, 44))
    draw = ImageDraw.Draw(image, "RGBA")
    rows = rng.randint(3, 4)
    row_h = height / rows
    colours = [
        palette.start,
        palette.end,
        (200, 170, 110),
        (120, 40, 40),
        (40, 70, 110),
        (230, 225, 210),
        (60, 100, 70),
    ]
    for row in range(rows):
        bottom = (row + 1) * row_h - 10
        x = 10
        while x < width - 10:
            w = rng.randint(width // 70, width // 28)
            h = rng.uniform(row_h * 0.55, row_h * 0.85)
            colour = rng.choice(colours)
            if rng.random() < 0.08:  # a book leaning on the next
                draw.polygon(
                    [
                        (x, bottom),
                        (x + w, bottom),
                        (x + w + h * 0.35, bottom - h),
                        (x + h * 0.35, bottom - h),
                    ],
                    fill=colour,
                )
                x += int(h * 0.35)
            else:
                draw.rectangle((x, bottom - h, x + w, bottom), fill=colour)
                band = bottom - h * rng.uniform(0.2, 0.4)
                draw.rectangle((x, band, x + w, band + 4), fill=(240, 210, 120, 160))
            x += w + rng.randint(0, 3)
        draw.rectangle((0, bottom, width, bottom + 10), fill=(60, 40, 26))
    return image, "Rayonnages de livres aux dos colorés"


def hemicycle(
    size: Size, palette: Palette, rng: random.Random, sky: Sky
) -> tuple[Image.Image, str]:
    width, height = size
    image = _vertical(size, _shade(palette.start, 0.6), _shade(palette.start, 1.2))
    draw = ImageDraw.Draw(image, "RGBA")
    cx, cy = width / 2 + rng.randint(-width // 10, width // 10), height * 1.05
    groups = [palette.end, (230, 230, 230), (232, 180, 60), (200, 70, 60), (40, 140, 90)]
    rng.shuffle(groups)
    cuts = sorted(rng.sample(range(5, 95), 3))
    for ring in range(7):  # seats in rows of an arc, coloured by group
        radius = height * (0.35 + ring * 0.09)
        seats = 14 + ring * 5
        for s in range(seats):
            share = s / (seats - 1)
            a = math.pi * (1 - share)
            x, y = cx + math.cos(a) * radius, cy - math.sin(a) * radius
            group = sum(share * 100 > cut for cut in cuts)
            r = height / 70
            draw.ellipse((x - r, y - r, x + r, y + r), fill=groups[group])
    draw.rectangle(
        (cx - width // 14, cy - height * 0.25, cx + width // 14, cy),
        fill=_shade(palette.start, 0.4),
    )
    return image, "Hémicycle d'une assemblée vu d'en haut, sièges colorés par groupe"


def flags(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    horizon = height * 3 // 4
    image = _sky(size, sky, rng, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle((0, horizon, width, height), fill=_shade(palette.start, 0.6))
    tricolours = [
        ((0, 135, 81), (252, 209, 22), (232, 17, 45)),
        ((0, 122, 94), (252, 209, 22), (206, 17, 38)),
        ((247, 127, 0), (255, 255, 255), (0, 158, 96)),
        ((0, 38, 84), (255, 255, 255), (237, 41, 57)),
        ((20, 90, 50), (255, 255, 255), (20, 90, 50)),
    ]
    poles = rng.randint(4, 7)
    for i in range(poles):
        x = width * (i + 0.7) / (poles + 0.4)
        top = horizon - rng.randint(height // 2, height * 2 // 3)
        draw.line((x, horizon, x, top), fill=(220, 220, 220), width=5)
        bands = rng.choice(tricolours)
        fw, fh = width / (poles * 1.7), height / 9
        for b, colour in enumerate(bands):  # a flag waving in three bands
            points = []
            for k in range(11):
                px = x + fw * k / 10
                wave = math.sin(k / 10 * math.pi * 2 + i) * fh * 0.12
                points.append((px, top + fh * b / 3 + wave))
            for k in range(10, -1, -1):
                px = x + fw * k / 10
                wave = math.sin(k / 10 * math.pi * 2 + i) * fh * 0.12
                points.append((px, top + fh * (b + 1) / 3 + wave))
            draw.polygon(points, fill=colour)
    return image, f"Drapeaux devant un bâtiment officiel, {sky.words}"


def fields(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    horizon = height * 2 // 5
    image = _sky(size, sky, rng, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    ground = _mix((150, 120, 50), palette.end, 0.3)
    _hills(draw, size, rng, horizon, _shade(ground, 0.7), height // 12)  # far hills first
    draw.rectangle((0, horizon, width, height), fill=ground)
    vanish = width / 2 + rng.randint(-width // 5, width // 5)
    crop = (52, 120, 50) if rng.random() < 0.6 else (196, 160, 52)
    for k in range(-12, 13):  # furrows to the horizon
        foot = width / 2 + k * width / 9
        draw.line((vanish, horizon, foot, height), fill=(*crop, 220), width=max(3, abs(k) + 3))
    return image, f"Champs cultivés jusqu'à l'horizon, {sky.words}"


def coast(size: Size, palette: Palette, rng: random.Random, sky: Sky) -> tuple[Image.Image, str]:
    width, height = size
    horizon = height // 2
    image = _sky(size, sky, rng, horizon)
    draw = ImageDraw.Draw(image, "RGBA")
    sea = _mix(palette.start, (20, 90, 140), 0.6)
    draw.rectangle((0, horizon, width, height), fill=sea)
    for _ in range(70):  # light on the waves
        x, y = rng.randint(0, width), rng.randint(horizon + 4, height)
        length = rng.randint(8, 40) * (y - horizon) / (height - horizon) + 6
        draw.line((x, y, x + length, y), fill=(*sky.sun, 90), width=2)
    for _ in range(rng.randint(1, 3)):  # pirogues
        x, y = rng.randint(width // 10, width * 9 // 10), rng.randint(horizon + 20, height - 30)
        length = rng.randint(width // 12, width // 6)
        hull = _shade(palette.end, 0.5)
        draw.polygon(
            [
                (x, y),
                (x + length, y),
                (x + length * 0.85, y + length / 8),
                (x + length * 0.15, y + length / 8),
            ],
            fill=hull,
        )
    return image, f"Pirogues sur la mer {sky.words}"


Scene = Callable[[Size, Palette, random.Random, Sky], tuple[Image.Image, str]]

# Which scenes fit which rubrique (the first level and the second both listed).
SCENES: dict[str, tuple[Scene, ...]] = {
    "news-infos": (flags, skyline, hemicycle),
    "diplomatie": (flags, skyline),
    "politique": (hemicycle, flags),
    "securite": (landscape, skyline),
    "economie": (skyline, coast, market),
    "agriculture": (fields, landscape),
    "entreprises": (skyline, coast),
    "societe": (market, skyline, coast),
    "education": (shelves, market),
    "sante": (market, skyline),
    "environnement": (landscape, coast, fields),
    "sport": (pitch, court),
    "football": (pitch,),
    "basket-ball": (court,),
    "culture": (stage, shelves),
    "musique": (stage,),
    "livres": (shelves,),
    "tribunes": (shelves, skyline, landscape),
}
ALL_SCENES: tuple[Scene, ...] = (
    skyline,
    landscape,
    market,
    pitch,
    court,
    stage,
    shelves,
    hemicycle,
    flags,
    fields,
    coast,
)


def scene_picture(palette: Palette, rubrique: str, seed: str, size: Size) -> tuple[bytes, str]:
    """A JPEG for an article and its French description (for the alt text)."""
    rng = random.Random(seed)  # decoration only, not security
    scene = rng.choice(SCENES.get(rubrique, ALL_SCENES))
    image, words = scene(size, palette, rng, rng.choice(SKIES))
    buffer = BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue(), words


SKIN = ((94, 58, 38), (122, 78, 52), (150, 100, 68), (72, 44, 30), (176, 126, 92))
BACKDROPS = ((38, 84, 124), (120, 60, 80), (52, 110, 80), (96, 72, 130), (160, 110, 50))


def portrait_picture(seed: str, size: Size = (480, 480)) -> bytes:
    """A drawn head-and-shoulders portrait for a demo journalist (no real face, no text)."""
    rng = random.Random(seed)  # decoration only, not security
    width, height = size
    backdrop = rng.choice(BACKDROPS)
    image = _vertical(size, _shade(backdrop, 1.25), _shade(backdrop, 0.8))
    draw = ImageDraw.Draw(image, "RGBA")
    skin, cloth = rng.choice(SKIN), rng.choice(BACKDROPS[::-1])
    cx = width / 2
    draw.ellipse((cx - width * 0.42, height * 0.68, cx + width * 0.42, height * 1.4), fill=cloth)
    draw.polygon(
        [(cx - width * 0.08, height * 0.6), (cx + width * 0.08, height * 0.6), (cx, height * 0.8)],
        fill=_shade(skin, 0.9),
    )
    head = (cx - width * 0.17, height * 0.22, cx + width * 0.17, height * 0.66)
    draw.ellipse(head, fill=skin)
    hair = _shade(skin, 0.35)
    match rng.randint(0, 2):
        case 0:  # short hair
            draw.chord(
                (head[0], head[1] - 8, head[2], head[3] - height * 0.16), 180, 360, fill=hair
            )
        case 1:  # a head wrap
            wrap = rng.choice(((200, 60, 50), (230, 170, 40), (40, 120, 110)))
            draw.ellipse((head[0] - 14, head[1] - 40, head[2] + 14, head[1] + 60), fill=wrap)
        case _:  # glasses
            draw.chord((head[0], head[1] - 6, head[2], head[3] - height * 0.2), 180, 360, fill=hair)
            eye_y = (head[1] + head[3]) / 2 - 6
            for dx in (-0.075, 0.075):
                x = cx + width * dx
                draw.ellipse(
                    (x - 18, eye_y - 14, x + 18, eye_y + 14), outline=(20, 20, 20), width=4
                )
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
