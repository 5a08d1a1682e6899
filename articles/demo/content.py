"""The demo articles: original, fictional French newsroom copy.

Texts are written as light markup so they read like copy, not like HTML: paragraphs
are separated by a blank line, a paragraph starting with "## " is a sub-heading and one
starting with "> " is a quotation. Line breaks inside a paragraph are only wrapping.
Every person quoted is invented; places and institutions are real so the pages look real.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    standfirst: str
    body: str
    category: str
    country: str | None  # ISO 3166-1 alpha-2 code, or None for a regional story
    author: str  # username
    days_ago: float  # negative: scheduled in the future
    is_lead: bool = False
    comments_open: bool = True
    draft: bool = False
    review: bool = False  # submitted by its author: « À relire », waiting for an Éditeur
    related: tuple[str, ...] = ()  # slugs picked by the editor


ARTICLES: tuple[DemoArticle, ...] = (
    # --- Actualités › Diplomatie -----------------------------------------------------------
    DemoArticle(
        slug="cotonou-reunion-securite-maritime-golfe-de-guinee",
        title="Cotonou accueille une réunion ministérielle sur la sécurité maritime",
        standfirst="""Les ministres de huit pays côtiers du golfe de Guinée se retrouvent au
        Bénin pour coordonner leurs patrouilles et partager leurs données de surveillance.""",
        body="""
        Pendant deux jours, les délégations venues de Lagos, Lomé, Accra, Abidjan et Douala
        travaillent sur un même objectif : rendre plus sûres les routes maritimes qui font
        vivre les ports de la région. La piraterie a reculé ces dernières années, mais les
        vols de carburant et la pêche illégale restent des sources d'inquiétude.

        ## Un centre d'échange de données

        Le projet phare de la rencontre est un centre régional qui recevrait en temps réel
        les positions des navires suivis par chaque marine. « Aucun pays ne peut surveiller
        seul des milliers de kilomètres de côtes », résume un conseiller du ministère béninois
        des Affaires étrangères.

        > Notre sécurité se joue en mer autant que sur terre : un port bloqué, c'est tout un
        > arrière-pays qui s'arrête.

        Les discussions portent aussi sur le financement. Plusieurs délégations souhaitent que
        les armateurs contribuent aux coûts de la surveillance, une idée que les représentants
        du secteur privé accueillent avec prudence. Une déclaration commune est attendue à
        l'issue des travaux.
        """,
        category="diplomatie",
        country="BJ",
        author="aminata.sow",
        days_ago=0,
        is_lead=True,
        related=(
            "benin-nigeria-commission-mixte-commerce",
            "lome-carrefour-des-mediations",
            "port-de-lome-trafic-conteneurs",
        ),
    ),
    DemoArticle(
        slug="benin-nigeria-commission-mixte-commerce",
        title="Le Bénin et le Nigeria relancent leur commission mixte sur le commerce",
        standfirst="""Réunie à Cotonou après une longue pause, la commission doit simplifier
        les passages à la frontière de Sèmè-Kraké, principal poumon des échanges entre les
        deux voisins.""",
        body="""
        Les commerçants de Sèmè-Kraké connaissent par cœur les files de camions qui s'étirent
        sur plusieurs kilomètres. La relance de la commission mixte béninio-nigériane leur
        donne l'espoir de contrôles plus rapides et de règles plus lisibles.

        Les experts des deux pays ont dressé une liste de produits dont les procédures
        douanières pourraient être harmonisées dès cette année, en priorité les produits
        vivriers et les matériaux de construction. Un guichet unique commun est également
        à l'étude.

        Côté béninois, on insiste sur la lutte contre la contrebande de carburant, qui prive
        l'État de recettes et met en danger les revendeurs. Côté nigérian, on souhaite
        davantage de transparence sur les réexportations. La prochaine session est prévue
        à Abuja dans six mois.
        """,
        category="diplomatie",
        country="BJ",
        author="aminata.sow",
        days_ago=6,
    ),
    DemoArticle(
        slug="kinshasa-dialogue-grands-lacs",
        title="Kinshasa et ses voisins relancent le dialogue sur les Grands Lacs",
        standfirst="""Une rencontre des ministres des Affaires étrangères de la région doit
        remettre sur les rails un mécanisme de suivi des engagements pris pour l'est de
        la RD Congo.""",
        body="""
        La diplomatie congolaise a fait de la stabilité de l'est du pays sa priorité. Les
        émissaires réunis à Kinshasa ont accepté de reprendre des réunions techniques
        régulières, interrompues depuis plusieurs mois, sur la sécurité des frontières et le
        retour des déplacés.

        ## Des attentes fortes sur le terrain

        À Goma comme à Bukavu, les organisations de la société civile suivent ces discussions
        avec un mélange d'espoir et de lassitude. « Nous avons vu beaucoup de communiqués, nous
        attendons de voir les routes rouvertes et les écoles fonctionner », confie une
        responsable associative jointe par téléphone.

        Les partenaires internationaux présents ont salué la reprise du dialogue et promis un
        appui logistique aux équipes de vérification. Un calendrier précis doit être publié
        d'ici la fin du mois.
        """,
        category="diplomatie",
        country="CD",
        author="aminata.sow",
        days_ago=3,
        related=("abuja-mediation-sahel", "rd-congo-artisans-miniers-cooperatives"),
    ),
    DemoArticle(
        slug="abidjan-corridor-commercial-burkina",
        title="Abidjan plaide pour un corridor commercial renforcé avec le Burkina Faso",
        standfirst="""La Côte d'Ivoire veut fluidifier l'axe routier et ferroviaire qui relie
        le port d'Abidjan à Ouagadougou, vital pour l'approvisionnement de l'hinterland.""",
        body="""
        Lors d'une réunion bilatérale consacrée au transport, les autorités ivoiriennes ont
        présenté un plan de réduction des postes de contrôle le long du corridor. Les
        transporteurs dénoncent depuis longtemps des arrêts trop nombreux qui allongent les
        délais et renchérissent les marchandises.

        Le chemin de fer, qui traverse les deux pays, doit aussi bénéficier d'investissements
        pour remplacer une partie des voies. Les deux délégations ont convenu de créer un
        comité conjoint chargé de suivre les temps de parcours.

        Pour les commerçants burkinabè, l'enjeu est immédiat : le prix de nombreux produits de
        base dépend directement du coût d'acheminement depuis la côte.
        """,
        category="diplomatie",
        country="CI",
        author="koffi.mensah",
        days_ago=9,
    ),
    DemoArticle(
        slug="paris-cooperation-universitaire-afrique",
        title="Paris et plusieurs capitales africaines révisent leur coopération universitaire",
        standfirst="""Bourses, visas étudiants, doubles diplômes : un groupe de travail
        franco-africain propose de rééquilibrer des échanges jugés trop souvent à sens
        unique.""",
        body="""
        Réunis dans la capitale française, des présidents d'université et des représentants de
        ministères ont posé un constat partagé : les étudiants africains partent toujours plus
        nombreux, mais les enseignants et les chercheurs circulent peu dans l'autre sens.

        Le groupe de travail recommande de multiplier les diplômes conjoints délivrés sur le
        continent et de faciliter les séjours de recherche de courte durée. La question des
        délais de visa, source de frustration récurrente, figure en bonne place dans le
        rapport.

        > Nous ne voulons plus seulement envoyer nos meilleurs étudiants, nous voulons les
        > former chez nous avec les meilleurs partenaires.

        Les propositions doivent être présentées aux ministres concernés dans les prochains
        mois, avec un premier bilan attendu à la rentrée suivante.
        """,
        category="diplomatie",
        country="FR",
        author="florence.adjovi",
        days_ago=12,
    ),
    DemoArticle(
        slug="ukraine-representations-afrique-ouest",
        title="L'Ukraine étoffe sa présence diplomatique en Afrique de l'Ouest",
        standfirst="""Kiev multiplie les ouvertures d'ambassades sur le continent et cherche à
        nouer des partenariats agricoles et universitaires avec les pays de la région.""",
        body="""
        La diplomatie ukrainienne mise sur le long terme en Afrique. Après l'ouverture de
        nouvelles représentations, ses émissaires parcourent la région pour présenter des
        projets de coopération dans l'agriculture, la formation et le numérique.

        Les céréales restent au cœur de la relation : plusieurs pays importateurs de blé
        suivent de près la situation des ports de la mer Noire, dont dépend en partie le prix
        du pain sur les marchés de Dakar, d'Abidjan ou de Cotonou.

        Les chancelleries ouest-africaines, attachées à leur neutralité, accueillent ces
        initiatives avec courtoisie et pragmatisme. « Nous parlons à tout le monde, et nous
        regardons d'abord l'intérêt de nos populations », résume un diplomate de la région.
        """,
        category="diplomatie",
        country="UA",
        author="aminata.sow",
        days_ago=15,
    ),
    DemoArticle(
        slug="dakar-forum-diplomatie-climatique",
        title="Dakar accueille un forum sur la diplomatie climatique",
        standfirst="""Négociateurs, chercheurs et élus locaux préparent une position africaine
        commune avant les prochaines conférences internationales sur le climat.""",
        body="""
        Le forum organisé dans la capitale sénégalaise a réuni des délégations d'une vingtaine
        de pays. Au programme : le financement de l'adaptation, les pertes et préjudices, et la
        place des villes côtières menacées par la montée des eaux.

        ## Parler d'une seule voix

        Les participants ont insisté sur la nécessité de coordonner les positions africaines
        bien avant les grandes négociations. « Divisés, nous pesons peu ; ensemble, nous
        représentons un continent entier », a rappelé une négociatrice chevronnée.

        Des maires de Saint-Louis, de Grand-Popo et de Lomé ont témoigné de l'érosion
        côtière qui grignote leurs quartiers. Leurs récits ont rappelé que la diplomatie
        climatique a des conséquences très concrètes pour des milliers de familles.
        """,
        category="diplomatie",
        country="SN",
        author="florence.adjovi",
        days_ago=20,
    ),
    DemoArticle(
        slug="abuja-mediation-sahel",
        title="Abuja propose une médiation régionale pour apaiser les tensions au Sahel",
        standfirst="""Le Nigeria se dit prêt à accueillir des discussions entre les pays
        sahéliens et leurs voisins côtiers, pour préserver la libre circulation et le
        commerce.""",
        body="""
        Les autorités nigérianes ont présenté leur initiative comme une main tendue. Elles
        proposent une série de rencontres techniques sur la circulation des personnes, le
        transit des marchandises et la coopération contre les groupes armés.

        Les pays sahéliens n'ont pas encore donné de réponse officielle, mais plusieurs
        sources diplomatiques évoquent un accueil plutôt favorable à l'idée de discussions
        pratiques, loin des grandes déclarations.

        Pour les populations frontalières, l'enjeu est considérable : marchés hebdomadaires,
        transhumance du bétail et échanges familiaux dépendent de frontières ouvertes et
        sûres.
        """,
        category="diplomatie",
        country="NG",
        author="aminata.sow",
        days_ago=25,
    ),
    DemoArticle(
        slug="accra-lome-gestion-frontiere",
        title="Accra et Lomé s'accordent sur une gestion commune de leur frontière",
        standfirst="""Le Ghana et le Togo vont installer des postes de contrôle juxtaposés et
        harmoniser leurs horaires d'ouverture, au bénéfice des commerçants et des
        voyageurs.""",
        body="""
        Le poste d'Aflao, l'un des plus fréquentés de la région, est le premier concerné. Les
        agents des deux pays y travailleront côte à côte, ce qui doit éviter aux voyageurs de
        subir deux contrôles successifs.

        Les deux gouvernements prévoient aussi un système d'échange d'informations entre
        douanes, pour limiter les fraudes sans ralentir les flux. Les associations de
        commerçantes, très présentes sur cet axe, ont été consultées en amont.

        « C'est une bonne nouvelle si l'on forme bien les agents et si les horaires sont
        respectés », estime une vendeuse de tissus qui traverse la frontière chaque semaine.
        """,
        category="diplomatie",
        country="GH",
        author="koffi.mensah",
        days_ago=31,
    ),
    DemoArticle(
        slug="lome-carrefour-des-mediations",
        title="Lomé, carrefour discret des médiations régionales",
        standfirst="""Sans bruit, la capitale togolaise s'est imposée comme un lieu de rencontre
        apprécié pour les discussions sensibles entre voisins.""",
        body="""
        Sa position géographique, ses liaisons aériennes et une tradition de discrétion font
        de Lomé une étape fréquente pour les émissaires de la région. Plusieurs rencontres
        récentes s'y sont tenues loin des caméras.

        ## Une diplomatie de l'écoute

        Les diplomates togolais revendiquent une méthode : écouter toutes les parties, éviter
        les annonces prématurées et laisser aux protagonistes le mérite des accords. « Une
        médiation réussie est une médiation dont on parle peu », sourit un ancien ambassadeur.

        Cette posture a ses limites, reconnaissent les observateurs, car les résultats sont
        difficiles à mesurer. Mais elle a permis de maintenir des canaux ouverts dans des
        périodes tendues.
        """,
        category="diplomatie",
        country="TG",
        author="aminata.sow",
        days_ago=38,
    ),
    DemoArticle(
        slug="peche-durable-pekin-afrique-ouest",
        title="Pêche : Pékin et les pays côtiers d'Afrique de l'Ouest discutent durabilité",
        standfirst="""Face à la raréfaction des poissons, les pays de la côte demandent plus de
        transparence sur les flottes étrangères qui opèrent dans leurs eaux.""",
        body="""
        La question de la pêche industrielle étrangère est revenue au premier plan lors d'une
        rencontre entre des responsables chinois et des ministres de la pêche de la région. Les
        pêcheurs artisanaux, qui voient leurs prises diminuer, réclament des contrôles
        renforcés.

        Les pays côtiers souhaitent la publication des licences accordées et l'équipement des
        navires en balises de suivi. La partie chinoise s'est dite ouverte à des « mécanismes
        de coopération » sans prendre d'engagement chiffré.

        Dans les villages de pêcheurs, de Joal à Grand-Popo, l'attente est forte : la pêche
        fait vivre des centaines de milliers de familles et fournit une grande part des
        protéines consommées dans la région.
        """,
        category="diplomatie",
        country="CN",
        author="koffi.mensah",
        days_ago=47,
        comments_open=False,
    ),
    DemoArticle(
        slug="cedeao-session-abuja-enjeux",
        title="Session de la CEDEAO à Abuja : ce qu'il faut en attendre",
        standfirst="""Libre circulation, monnaie commune et sécurité régionale seront au menu
        des chefs d'État réunis dans la capitale nigériane.""",
        body="""
        La session ordinaire de la Communauté économique des États de l'Afrique de l'Ouest
        s'ouvre dans un contexte chargé. Les dirigeants doivent faire le point sur les
        relations avec les pays sahéliens et sur les projets d'intégration économique.

        La monnaie commune, promise depuis longtemps, devrait faire l'objet d'un nouveau
        calendrier. Les ministres des Finances ont préparé une feuille de route que les chefs
        d'État devront valider ou amender.

        Notre rédaction suivra les travaux en direct depuis Abuja, avec des analyses et des
        réactions de toute la région.
        """,
        category="diplomatie",
        country="NG",
        author="aminata.sow",
        days_ago=-2,
    ),
    # --- Actualités › Politique ------------------------------------------------------------
    DemoArticle(
        slug="communes-beninoises-budgets-participatifs",
        title="Bénin : des communes expérimentent le budget participatif",
        standfirst="""À Abomey-Calavi et à Parakou, les habitants ont voté pour choisir une
        partie des investissements de leur commune. Une première qui suscite l'intérêt.""",
        body="""
        Éclairage public, réfection de marchés, forages : les projets soumis au vote ont été
        proposés par les quartiers eux-mêmes. Dans chaque arrondissement, des assemblées
        publiques ont permis de les présenter et de les débattre.

        Les élus reconnaissent que l'exercice demande du temps et de la pédagogie. « Il faut
        expliquer ce que coûte un forage et ce que la commune peut vraiment financer », note
        un conseiller municipal.

        La participation a dépassé les attentes des organisateurs, notamment chez les jeunes.
        D'autres communes ont déjà fait savoir qu'elles souhaitaient se lancer l'an prochain.
        """,
        category="politique",
        country="BJ",
        author="florence.adjovi",
        days_ago=2,
    ),
    DemoArticle(
        slug="senegal-debat-code-electoral",
        title="Sénégal : l'Assemblée ouvre le débat sur la réforme du code électoral",
        standfirst="""Parrainages, financement des campagnes et calendrier électoral : les
        députés examinent un texte très attendu par les partis et la société civile.""",
        body="""
        Le projet de réforme est le fruit de plusieurs mois de concertations entre la
        majorité, l'opposition et des organisations de la société civile. Il vise à clarifier
        des règles souvent contestées lors des derniers scrutins.

        ## Des points encore disputés

        Le système de parrainage des candidatures reste le principal sujet de désaccord.
        Certains partis jugent les seuils trop élevés, d'autres estiment qu'ils évitent une
        inflation de candidatures.

        Les débats en commission devraient durer plusieurs jours. Des juristes rappellent
        qu'une réforme adoptée largement, au-delà de la seule majorité, aurait plus de chances
        d'apaiser le climat politique.
        """,
        category="politique",
        country="SN",
        author="aminata.sow",
        days_ago=8,
    ),
    DemoArticle(
        slug="cote-divoire-listes-elections-locales",
        title="Côte d'Ivoire : les partis bouclent leurs listes pour les élections locales",
        standfirst="""À quelques semaines du dépôt des candidatures, les formations
        politiques cherchent l'équilibre entre notables installés et nouveaux visages.""",
        body="""
        Dans les sièges de partis à Abidjan, les réunions se succèdent tard dans la nuit.
        Chaque formation doit composer des listes qui respectent les règles de parité tout en
        ménageant les ambitions locales.

        Les jeunes militants réclament davantage de places éligibles. « On nous demande de
        coller les affiches, mais rarement de figurer sur les listes », regrette un
        responsable de mouvement de jeunesse.

        La commission électorale a rappelé les dates limites et les pièces exigées. Les
        observateurs s'attendent à de nombreuses listes indépendantes dans les grandes
        communes.
        """,
        category="politique",
        country="CI",
        author="aminata.sow",
        days_ago=17,
    ),
    DemoArticle(
        slug="cameroun-seminaire-decentralisation",
        title="Cameroun : la décentralisation au cœur d'un séminaire des élus régionaux",
        standfirst="""Les conseillers régionaux réclament des transferts de ressources à la
        hauteur des compétences qui leur ont été confiées.""",
        body="""
        Réunis à Yaoundé, les élus des dix régions ont fait le bilan des premières années de
        fonctionnement des conseils régionaux. Tous saluent une avancée institutionnelle, mais
        beaucoup dénoncent des moyens insuffisants.

        Routes rurales, lycées techniques, centres de santé : les attentes des populations sont
        fortes, et les élus disent se retrouver en première ligne sans budget correspondant.

        Le gouvernement a promis un calendrier de transferts progressifs. Les participants
        ont demandé un suivi public de ces engagements, région par région.
        """,
        category="politique",
        country="CM",
        author="koffi.mensah",
        days_ago=29,
    ),
    # --- Actualités › Sécurité -------------------------------------------------------------
    DemoArticle(
        slug="tillaberi-comites-de-vigilance",
        title="Niger : à Tillabéri, des villages misent sur le dialogue intercommunautaire",
        standfirst="""Chefs coutumiers, éleveurs et agriculteurs se réunissent régulièrement pour
        désamorcer les conflits avant qu'ils ne dégénèrent.""",
        body="""
        Dans plusieurs communes de la région, des comités mixtes ont été installés avec l'appui
        d'organisations locales. Leur rôle : régler à l'amiable les litiges autour des champs,
        des points d'eau et des couloirs de passage du bétail.

        Les membres des comités assurent que ces rencontres ont permis d'éviter des
        affrontements. « Quand on se parle chaque mois, on ne laisse pas une dispute devenir
        une vengeance », explique un chef de village.

        Ces initiatives restent fragiles dans une région marquée par l'insécurité. Leurs
        promoteurs demandent un soutien durable, notamment pour former les médiateurs.
        """,
        category="securite",
        country="NE",
        author="aminata.sow",
        days_ago=5,
    ),
    DemoArticle(
        slug="mali-axe-bamako-dakar-transporteurs",
        title="Mali : sur l'axe Bamako-Dakar, les transporteurs entre prudence et résilience",
        standfirst="""Route essentielle pour l'approvisionnement du pays, le corridor reste
        très fréquenté malgré les risques et la hausse des coûts.""",
        body="""
        Chaque jour, des centaines de camions relient le port de Dakar à la capitale malienne.
        Les chauffeurs s'organisent en convois, échangent des informations sur l'état de la
        route et évitent autant que possible de rouler de nuit.

        Les syndicats de transporteurs réclament de meilleures aires de repos et un
        allègement des contrôles. Ils rappellent que le moindre retard se répercute sur le
        prix des produits de première nécessité.

        Les autorités des deux pays affirment travailler à renforcer la sécurité du trajet et
        à moderniser certains tronçons.
        """,
        category="securite",
        country="ML",
        author="koffi.mensah",
        days_ago=22,
    ),
    DemoArticle(
        slug="burkina-retour-deplaces-est",
        title="Burkina Faso : dans l'Est, le retour progressif de familles déplacées",
        standfirst="""Dans certaines communes, des familles réinstallent leurs champs et
        rouvrent leurs commerces, avec l'appui des autorités locales.""",
        body="""
        Après des mois passés dans des sites d'accueil, des familles regagnent leurs villages
        lorsque la situation le permet. Le retour se fait souvent par étapes : d'abord les
        hommes pour préparer les champs, puis les femmes et les enfants.

        Les besoins sont immenses : semences, outils, reconstruction des greniers et
        réouverture des écoles. Des associations locales accompagnent ces retours avec des
        kits d'installation.

        « Nous voulons cultiver nos terres et que nos enfants retournent en classe », confie
        une mère de famille. Les autorités locales appellent à la prudence et à la
        coordination.
        """,
        category="securite",
        country="BF",
        author="aminata.sow",
        days_ago=35,
    ),
    # --- Actualités (parent) -----------------------------------------------------------------
    DemoArticle(
        slug="paris-diaspora-entraide-administrative",
        title="Diaspora : à Paris, les associations africaines s'organisent pour l'entraide",
        standfirst="""Permanences juridiques, aide aux démarches en ligne, accompagnement des
        étudiants : des bénévoles comblent les manques des services publics.""",
        body="""
        Le samedi matin, la salle paroissiale d'un quartier du nord de Paris se transforme en
        bureau de conseil. Des bénévoles, souvent d'anciens étudiants, aident les nouveaux
        arrivants à remplir leurs dossiers et à prendre rendez-vous en préfecture.

        Les associations constatent une hausse des demandes liées à la dématérialisation des
        procédures. Beaucoup de personnes âgées ou peu familières d'internet se retrouvent
        bloquées devant un formulaire.

        Ces réseaux d'entraide jouent aussi un rôle social : ils brisent l'isolement et
        créent des liens entre générations de la diaspora.
        """,
        category="news-infos",
        country="FR",
        author="florence.adjovi",
        days_ago=11,
    ),
    DemoArticle(
        slug="etudiants-revenus-d-ukraine",
        title="Revenus d'Ukraine, des étudiants ouest-africains cherchent à finir leur cursus",
        standfirst="""Médecine, ingénierie, pharmacie : des centaines d'étudiants ont dû
        interrompre leurs études et tentent de les reprendre ailleurs.""",
        body="""
        Ils étaient inscrits dans des facultés de Kharkiv, d'Odessa ou de Kiev. Rentrés au
        pays, ces étudiants se heurtent à la difficulté de faire reconnaître leurs semestres
        validés par d'autres universités.

        Certains suivent des cours en ligne proposés par leur établissement d'origine,
        d'autres ont rejoint des universités d'Europe centrale ou du Maghreb. Beaucoup
        attendent encore une solution.

        > J'étais à deux ans de devenir médecin. Aujourd'hui, je ne sais pas si mes années
        > d'études comptent encore.

        Des associations d'anciens étudiants demandent aux ministères de l'Enseignement
        supérieur de négocier des accords d'équivalence.
        """,
        category="news-infos",
        country="UA",
        author="florence.adjovi",
        days_ago=40,
    ),
    # --- Économie (parent) -------------------------------------------------------------------
    DemoArticle(
        slug="zlecaf-pme-peu-preparees",
        title="Zone de libre-échange continentale : les PME encore peu préparées",
        standfirst="""Si les grandes entreprises s'organisent pour exporter, les petites
        structures connaissent mal les règles et les opportunités du marché africain.""",
        body="""
        Une enquête menée auprès de chefs d'entreprise de la région montre qu'une majorité de
        petites et moyennes entreprises n'ont jamais entendu parler des règles d'origine ou
        des réductions de droits de douane prévues par l'accord continental.

        ## Former et informer

        Les chambres de commerce multiplient les ateliers d'information. Elles insistent sur
        les démarches concrètes : certificats d'origine, normes de qualité, emballage et
        étiquetage.

        Les entrepreneurs interrogés citent aussi le coût du transport et la difficulté
        d'obtenir un financement comme des freins majeurs. Sans infrastructures, rappellent
        les économistes, la baisse des droits de douane ne suffira pas.
        """,
        category="economie",
        country=None,
        author="koffi.mensah",
        days_ago=4,
    ),
    DemoArticle(
        slug="nigeria-importateurs-politique-de-change",
        title="Nigeria : les importateurs s'adaptent à la nouvelle politique de change",
        standfirst="""Après des mois de volatilité, les entreprises qui achètent à l'étranger
        revoient leurs contrats et cherchent des fournisseurs locaux.""",
        body="""
        Dans les marchés de Lagos, les grossistes suivent les cours de la monnaie presque
        heure par heure. Les variations récentes ont bouleversé les prix de nombreux produits
        importés, de l'électronique aux pièces détachées.

        Certaines entreprises en profitent pour relocaliser une partie de leur production.
        Des fabricants de boissons et de produits d'entretien disent avoir augmenté leurs
        achats de matières premières nigérianes.

        Les économistes jugent qu'une plus grande stabilité sera nécessaire pour rassurer
        durablement les investisseurs. Les consommateurs, eux, attendent surtout une baisse
        des prix.
        """,
        category="economie",
        country="NG",
        author="koffi.mensah",
        days_ago=27,
    ),
    DemoArticle(
        slug="benin-loi-de-finances-priorites",
        title="Loi de finances : le gouvernement béninois présente ses priorités",
        standfirst="""Éducation, eau potable et routes rurales devraient concentrer l'essentiel
        des nouveaux investissements publics.""",
        body="""
        Le projet de budget sera présenté en conseil des ministres avant d'être transmis à
        l'Assemblée nationale. Selon les premières indications, les dépenses d'investissement
        progresseraient, portées par des programmes d'infrastructures.

        Les syndicats attendent des précisions sur les recrutements d'enseignants et de
        personnels de santé. Les élus locaux, eux, espèrent une hausse des transferts aux
        communes.

        Notre rédaction publiera une analyse détaillée des principaux chiffres dès la
        présentation du texte.
        """,
        category="economie",
        country="BJ",
        author="koffi.mensah",
        days_ago=-5,
    ),
    # --- Économie › Agriculture --------------------------------------------------------------
    DemoArticle(
        slug="cacao-cooperatives-tracabilite",
        title="Cacao : les coopératives ivoiriennes misent sur la traçabilité",
        standfirst="""Cartographie des parcelles, cartes de producteurs et paiements
        électroniques : les coopératives se préparent aux nouvelles exigences des
        acheteurs.""",
        body="""
        Dans la région de Soubré, les techniciens d'une coopérative parcourent les plantations
        avec des tablettes pour relever les limites de chaque parcelle. L'objectif : prouver
        que les fèves ne proviennent pas de zones déboisées.

        Les producteurs y voient une contrainte, mais aussi une chance de mieux valoriser leur
        travail. Les coopératives les mieux organisées espèrent obtenir des primes de qualité.

        > Si le cacao est tracé, il doit être mieux payé. Sinon, ce sont encore les
        > planteurs qui portent tout l'effort.

        La question du coût de ces systèmes reste posée : qui paiera les équipements et les
        formations ? Les discussions avec les exportateurs se poursuivent.
        """,
        category="agriculture",
        country="CI",
        author="koffi.mensah",
        days_ago=7,
    ),
    DemoArticle(
        slug="coton-beninois-mecanisation",
        title="Coton béninois : une campagne sous le signe de la mécanisation",
        standfirst="""Tracteurs en location, semoirs partagés : les producteurs du Borgou
        testent de nouveaux outils pour gagner du temps pendant les semis.""",
        body="""
        Dans la région de Kandi, des groupements de producteurs ont mutualisé leurs moyens
        pour louer des tracteurs pendant la période des semis. Ceux qui ont participé disent
        avoir semé plus tôt et sur des surfaces plus grandes.

        Le coton reste la première culture d'exportation du pays, et chaque campagne est
        suivie de près. Les techniciens insistent toutefois sur l'entretien des sols, que
        des labours mal conduits peuvent appauvrir.

        Les jeunes agriculteurs se montrent particulièrement intéressés. Pour beaucoup, la
        mécanisation rend le métier plus attractif et moins pénible.
        """,
        category="agriculture",
        country="BJ",
        author="koffi.mensah",
        days_ago=19,
    ),
    DemoArticle(
        slug="bobo-dioulasso-maraichers-goutte-a-goutte",
        title="Burkina Faso : les maraîchers de Bobo-Dioulasso adoptent le goutte-à-goutte",
        standfirst="""Moins d'eau, moins d'efforts, de meilleures récoltes : l'irrigation
        localisée gagne les jardins qui nourrissent la ville.""",
        body="""
        Autour de Bobo-Dioulasso, tomates, oignons et choux poussent sur de petites parcelles
        cultivées toute l'année. L'arrosage à l'arrosoir, long et épuisant, laisse
        progressivement la place à des kits de goutte-à-goutte.

        Les maraîchères qui l'ont adopté racontent qu'elles gagnent plusieurs heures par
        jour. Le temps libéré sert à la vente au marché ou à la transformation des produits.

        Le principal obstacle reste le coût initial. Des systèmes de crédit proposés par des
        caisses populaires permettent d'étaler l'investissement sur plusieurs récoltes.
        """,
        category="agriculture",
        country="BF",
        author="florence.adjovi",
        days_ago=33,
    ),
    # --- Économie › Entreprises --------------------------------------------------------------
    DemoArticle(
        slug="accra-fintech-levees-de-fonds",
        title="Accra : les jeunes pousses de la fintech attirent les investisseurs",
        standfirst="""Paiement mobile, microcrédit, assurance en ligne : la capitale ghanéenne
        s'affirme comme un pôle régional de la finance numérique.""",
        body="""
        Dans les espaces de travail partagé d'Accra, les fondateurs de start-up enchaînent
        les présentations devant des fonds d'investissement. Plusieurs d'entre elles ont
        annoncé des levées de fonds ces derniers mois.

        ## Des services pensés pour le terrain

        Leurs produits visent souvent les commerçants et les petits agriculteurs, mal servis
        par les banques. Une jeune entreprise propose par exemple des avances de trésorerie
        remboursables au rythme des ventes.

        Les régulateurs suivent ce secteur de près, pour protéger les consommateurs sans
        étouffer l'innovation. Les entrepreneurs, eux, rêvent déjà d'expansion vers les pays
        francophones voisins.
        """,
        category="entreprises",
        country="GH",
        author="koffi.mensah",
        days_ago=13,
    ),
    DemoArticle(
        slug="port-de-lome-trafic-conteneurs",
        title="Port de Lomé : le trafic de conteneurs poursuit sa hausse",
        standfirst="""Grâce à ses eaux profondes et à ses liaisons vers le Sahel, le port
        autonome consolide sa place de plateforme de transbordement.""",
        body="""
        Les grues du terminal à conteneurs tournent sans relâche. Le port de Lomé profite de
        son tirant d'eau, qui permet d'accueillir de très grands navires, et de sa position
        sur les routes maritimes de la côte ouest-africaine.

        Une grande partie des conteneurs ne fait que transiter avant de repartir vers d'autres
        ports de la région. Le reste alimente les marchés du Togo et des pays sahéliens
        enclavés.

        Les transitaires saluent la rapidité des opérations, mais pointent l'engorgement des
        routes d'accès. Un projet de zone logistique en périphérie doit désengorger la ville.
        """,
        category="entreprises",
        country="TG",
        author="koffi.mensah",
        days_ago=24,
    ),
    DemoArticle(
        slug="rd-congo-artisans-miniers-cooperatives",
        title="RD Congo : des artisans miniers se regroupent en coopératives",
        standfirst="""Dans le Haut-Katanga, des creuseurs s'organisent pour vendre leur
        production à de meilleurs prix et améliorer la sécurité sur les sites.""",
        body="""
        Longtemps dépendants d'intermédiaires, des mineurs artisanaux de la région de
        Kolwezi ont décidé de créer leurs propres coopératives. Ils espèrent ainsi peser
        davantage dans les négociations avec les comptoirs d'achat.

        Les coopératives mettent aussi l'accent sur la sécurité : port d'équipements,
        interdiction du travail des enfants, formation aux premiers secours. Des
        organisations spécialisées les accompagnent.

        Le chemin reste long, reconnaissent leurs responsables. Mais les premières ventes
        groupées ont permis d'obtenir des prix plus justes.
        """,
        category="entreprises",
        country="CD",
        author="koffi.mensah",
        days_ago=42,
    ),
    # --- Société (parent) --------------------------------------------------------------------
    DemoArticle(
        slug="cotonou-zemidjans-electriques",
        title="Cotonou : les zémidjans passent progressivement à l'électrique",
        standfirst="""Moins de bruit, moins de carburant : des conducteurs de moto-taxis
        testent des motos électriques louées avec option d'achat.""",
        body="""
        Au carrefour de l'Étoile rouge, les premières motos électriques se fondent dans le
        flot des zémidjans. Leurs conducteurs louent les engins à la semaine et échangent
        leurs batteries dans des stations installées en ville.

        Les premiers retours sont encourageants : économies de carburant, entretien plus
        simple, moins de fumée. « Je gagne un peu plus à la fin de la journée », assure un
        conducteur qui a fait le changement il y a trois mois.

        Reste à densifier le réseau de stations d'échange, encore insuffisant dans certains
        quartiers périphériques, et à rassurer sur la durée de vie des batteries.
        """,
        category="societe",
        country="BJ",
        author="florence.adjovi",
        days_ago=1,
    ),
    DemoArticle(
        slug="cotonou-enquete-loyers",
        title="Enquête : pourquoi les loyers flambent à Cotonou",
        standfirst="""Cautions de plusieurs mois, hausses brutales : les locataires témoignent
        d'un marché du logement sous tension.""",
        body="""
        Texte en cours de rédaction. Les témoignages de locataires de Fidjrossè et d'Akpakpa
        doivent encore être complétés.

        À vérifier : les chiffres de l'observatoire de l'habitat et la réglementation en
        vigueur sur les cautions.

        Relecture prévue par le service Société avant publication.
        """,
        category="societe",
        country="BJ",
        author="florence.adjovi",
        days_ago=0,
        draft=True,
    ),
    DemoArticle(
        slug="porto-novo-marche-ouando-renove",
        title="Porto-Novo : le marché Ouando rouvre après six mois de travaux",
        standfirst="""Nouvelles allées couvertes, caniveaux refaits : les commerçantes
        retrouvent leurs étals, mais certaines contestent le prix des places.""",
        body="""
        Le marché Ouando a rouvert ses portes lundi matin. Les allées ont été couvertes et
        les caniveaux refaits pour que la saison des pluies ne noie plus les étals.

        Plusieurs commerçantes saluent les travaux mais s'inquiètent du nouveau tarif des
        places, qui a presque doublé. La mairie promet une période de transition.
        """,
        category="societe",
        country="BJ",
        author="florence.adjovi",
        days_ago=0,
        review=True,
    ),
    # --- Société › Éducation -----------------------------------------------------------------
    DemoArticle(
        slug="senegal-numerique-au-college",
        title="Sénégal : le numérique entre dans les classes de collège",
        standfirst="""Tablettes, salles informatiques et ressources en ligne : un programme
        pilote équipe des collèges de plusieurs régions.""",
        body="""
        À Thiès, les élèves de quatrième découvrent la programmation à travers de petits
        projets. Leur professeur de mathématiques a suivi une formation de plusieurs semaines
        pour encadrer ces séances.

        ## La formation des enseignants, clé du succès

        Les responsables du programme le répètent : le matériel ne suffit pas. Sans
        enseignants formés et sans maintenance, les équipements finissent dans un placard.

        Les parents d'élèves saluent l'initiative, tout en s'inquiétant du temps passé devant
        les écrans. Une évaluation indépendante doit mesurer les effets sur les apprentissages.
        """,
        category="education",
        country="SN",
        author="florence.adjovi",
        days_ago=10,
    ),
    DemoArticle(
        slug="benin-rentree-universitaire-nouvelles-filieres",
        title="Bénin : une rentrée universitaire marquée par de nouvelles filières",
        standfirst="""Énergies renouvelables, logistique portuaire, agronomie numérique : les
        universités publiques ouvrent des formations tournées vers l'emploi.""",
        body="""
        Sur le campus d'Abomey-Calavi, les files d'attente devant les services de scolarité
        rappellent l'affluence des premiers jours. Les nouvelles licences professionnelles
        attirent de nombreux bacheliers.

        Les responsables pédagogiques ont associé des entreprises à la conception des
        programmes, avec des stages obligatoires dès la deuxième année.

        Les étudiants interrogés espèrent que ces formations leur ouvriront plus facilement
        les portes du marché du travail. Les syndicats étudiants, eux, demandent davantage de
        places en résidence universitaire.
        """,
        category="education",
        country="BJ",
        author="florence.adjovi",
        days_ago=26,
    ),
    # --- Société › Santé ---------------------------------------------------------------------
    DemoArticle(
        slug="abidjan-depistage-diabete-marches",
        title="Abidjan : une campagne de dépistage du diabète dans les marchés",
        standfirst="""Des équipes de santé installent leurs tentes au cœur des marchés pour
        toucher des commerçantes qui consultent rarement.""",
        body="""
        Au marché d'Adjamé, une file se forme devant la tente blanche où des infirmiers
        mesurent la glycémie et la tension. En quelques minutes, chacun repart avec ses
        résultats et des conseils.

        Les organisateurs rappellent que le diabète progresse dans les villes, en lien avec
        l'alimentation et la sédentarité. Beaucoup de malades ignorent leur état.

        > Je n'avais jamais fait de test. On m'a conseillé de voir un médecin cette semaine.

        Les personnes dépistées positives sont orientées vers les centres de santé proches.
        La campagne doit se poursuivre dans d'autres communes de la ville.
        """,
        category="sante",
        country="CI",
        author="florence.adjovi",
        days_ago=14,
    ),
    DemoArticle(
        slug="niger-cases-de-sante-nourrissons",
        title="Niger : les cases de santé renforcent le suivi des nourrissons",
        standfirst="""Pesées, vaccinations, conseils nutritionnels : les agents de santé
        communautaires sont en première ligne dans les villages.""",
        body="""
        Dans la région de Maradi, la case de santé du village reçoit chaque semaine des mères
        venues faire peser leurs bébés. Les agents notent les courbes de croissance et
        repèrent les enfants à risque de malnutrition.

        Ces structures de proximité évitent de longs trajets jusqu'au centre de santé. Elles
        jouent aussi un rôle de prévention, avec des causeries sur l'allaitement et
        l'hygiène.

        Les agents demandent une meilleure régularité des approvisionnements en vaccins et en
        médicaments, ainsi qu'une rémunération plus stable.
        """,
        category="sante",
        country="NE",
        author="florence.adjovi",
        days_ago=36,
    ),
    DemoArticle(
        slug="paludisme-vaccination-enfants",
        title="Paludisme : la vaccination des jeunes enfants s'étend dans la région",
        standfirst="""Plusieurs pays d'Afrique de l'Ouest intègrent le vaccin antipaludique à
        leur calendrier vaccinal, avec l'espoir de réduire la mortalité infantile.""",
        body="""
        Le paludisme reste l'une des premières causes de décès chez les enfants de moins de
        cinq ans dans la région. L'arrivée des vaccins est vécue comme une étape importante
        par les soignants.

        Les campagnes s'appuient sur les centres de santé et les relais communautaires pour
        informer les familles. Le schéma vaccinal demande plusieurs doses, ce qui impose un
        suivi rigoureux.

        Les spécialistes insistent : le vaccin complète, sans les remplacer, les
        moustiquaires imprégnées et le traitement rapide des cas.
        """,
        category="sante",
        country=None,
        author="florence.adjovi",
        days_ago=55,
        comments_open=False,
    ),
    # --- Société › Environnement -------------------------------------------------------------
    DemoArticle(
        slug="aneho-erosion-cotiere",
        title="Togo : à Aného, les riverains face à l'érosion côtière",
        standfirst="""Maisons fissurées, routes grignotées par la mer : la ville historique se
        mobilise pour protéger son littoral.""",
        body="""
        À Aného, la mer avance chaque année. Des habitants racontent avoir vu disparaître des
        cocotiers, puis des clôtures, puis des pans entiers de maisons.

        Des ouvrages de protection ont été construits sur certaines portions de côte, mais ils
        déplacent parfois le problème plus loin. Les spécialistes plaident pour une approche
        régionale, car les courants ignorent les frontières.

        Les associations de quartier organisent des plantations et sensibilisent contre le
        prélèvement de sable sur les plages, qui aggrave l'érosion.
        """,
        category="environnement",
        country="TG",
        author="florence.adjovi",
        days_ago=16,
    ),
    DemoArticle(
        slug="gabon-forets-credits-carbone",
        title="Gabon : les forêts au cœur d'un programme de crédits carbone",
        standfirst="""Le pays veut valoriser la préservation de ses forêts, qui couvrent
        l'essentiel de son territoire.""",
        body="""
        Libreville met en avant des décennies de politique forestière pour attirer des
        financements liés au carbone. Les revenus attendus doivent financer la surveillance
        des forêts et des projets de développement local.

        ## Les communautés veulent leur part

        Les villages forestiers demandent à être associés aux décisions et aux bénéfices.
        « La forêt, c'est notre vie avant d'être un marché », rappelle un représentant de
        communauté.

        Des experts soulignent la nécessité de mesures rigoureuses et transparentes, pour que
        les crédits reflètent des résultats réels.
        """,
        category="environnement",
        country="GA",
        author="koffi.mensah",
        days_ago=45,
    ),
    # --- Sport -------------------------------------------------------------------------------
    DemoArticle(
        slug="semi-marathon-cotonou-record",
        title="Semi-marathon de Cotonou : record de participation",
        standfirst="""Coureurs confirmés, familles et clubs d'entreprise ont envahi le
        boulevard de la Marina pour une édition très populaire.""",
        body="""
        Dès l'aube, le départ a été donné dans une ambiance de fête. Les organisateurs
        revendiquent une participation jamais atteinte, portée notamment par la course
        populaire de cinq kilomètres.

        Chez les hommes comme chez les femmes, la victoire s'est jouée dans les derniers
        kilomètres, sous une chaleur déjà forte. Les vainqueurs ont salué un parcours roulant
        et un public nombreux.

        Les organisateurs veulent désormais faire inscrire l'épreuve au calendrier des
        courses labellisées, pour attirer des athlètes de toute la région.
        """,
        category="sport",
        country="BJ",
        author="serge.kouassi",
        days_ago=3,
    ),
    DemoArticle(
        slug="benin-centres-de-formation-football",
        title="Football : les centres de formation béninois font le plein",
        standfirst="""Des académies de Porto-Novo à Parakou accueillent des centaines de jeunes
        qui rêvent de carrière professionnelle.""",
        body="""
        Sur les terrains en terre battue comme sur les pelouses synthétiques, les séances
        s'enchaînent après l'école. Les éducateurs insistent sur la technique, mais aussi sur
        la scolarité des jeunes joueurs.

        ## L'école avant tout

        Plusieurs centres exigent des résultats scolaires minimum pour participer aux
        entraînements. « Tous ne deviendront pas professionnels, mais tous doivent avoir un
        avenir », explique le directeur d'une académie.

        Les meilleurs éléments attirent déjà l'attention de recruteurs étrangers. Les
        encadrants appellent à la vigilance face aux faux agents qui promettent monts et
        merveilles.
        """,
        category="football",
        country="BJ",
        author="serge.kouassi",
        days_ago=18,
    ),
    DemoArticle(
        slug="rd-congo-championnat-feminin",
        title="RD Congo : le championnat féminin de football gagne en visibilité",
        standfirst="""Affluence en hausse, matchs retransmis en ligne : les joueuses
        congolaises s'installent dans le paysage sportif.""",
        body="""
        À Kinshasa, les tribunes se remplissent de plus en plus pour les matchs du championnat
        féminin. Les clubs ont investi dans la communication et diffusent leurs rencontres sur
        les réseaux sociaux.

        Les joueuses restent pour la plupart semi-professionnelles et cumulent football,
        études ou emploi. Elles réclament des contrats et une meilleure prise en charge
        médicale.

        La fédération promet un plan de développement, avec des compétitions de jeunes et la
        formation d'entraîneuses.
        """,
        category="football",
        country="CD",
        author="serge.kouassi",
        days_ago=30,
    ),
    DemoArticle(
        slug="lagos-tournoi-jeunes-basketteurs",
        title="Basket-ball : Lagos accueille un tournoi de jeunes talents",
        standfirst="""Des équipes de moins de dix-huit ans venues de toute la région se
        disputent le titre sous les yeux de recruteurs universitaires.""",
        body="""
        Pendant une semaine, le gymnase a vibré au rythme des dribbles et des paniers à trois
        points. Des équipes du Nigeria, du Ghana, du Sénégal et du Cameroun ont pris part au
        tournoi.

        En marge des matchs, des ateliers ont été consacrés à la nutrition, à la prévention
        des blessures et aux parcours scolaires aux États-Unis.

        Les entraîneurs saluent un niveau en nette progression. Ils regrettent cependant le
        manque d'infrastructures couvertes pour s'entraîner toute l'année.
        """,
        category="basket-ball",
        country="NG",
        author="serge.kouassi",
        days_ago=23,
    ),
    # --- Culture -----------------------------------------------------------------------------
    DemoArticle(
        slug="ouidah-journees-culturelles",
        title="Ouidah : les journées culturelles attirent un public international",
        standfirst="""Cérémonies, concerts et expositions ont rythmé plusieurs jours de fête
        dans la cité historique.""",
        body="""
        La ville s'est parée de couleurs pour accueillir visiteurs béninois, membres de la
        diaspora et touristes étrangers. Les hôtels affichaient complet plusieurs semaines à
        l'avance.

        Les artistes locaux ont profité de l'événement pour présenter leurs créations :
        sculptures, tentures appliquées, photographies. Des concerts ont réuni plusieurs
        générations de musiciens.

        Les commerçants se félicitent des retombées économiques. Les organisateurs
        travaillent déjà à l'édition suivante, avec davantage d'activités pour les enfants.
        """,
        category="culture",
        country="BJ",
        author="florence.adjovi",
        days_ago=21,
    ),
    DemoArticle(
        slug="kinshasa-rumba-patrimoine-vivant",
        title="Kinshasa : la rumba congolaise, un patrimoine bien vivant",
        standfirst="""Des écoles de musique aux bars de quartier, la rumba se transmet et se
        réinvente auprès des jeunes générations.""",
        body="""
        Dans une école de musique de la commune de Kinshasa, des adolescents apprennent les
        guitares lead et rythmique qui font la signature de la rumba. Leurs professeurs sont
        souvent d'anciens musiciens d'orchestre.

        ## Entre tradition et modernité

        Les jeunes artistes mêlent la rumba à d'autres styles, du hip-hop aux musiques
        électroniques. Les puristes s'en inquiètent parfois, mais beaucoup y voient la preuve
        de sa vitalité.

        > La rumba n'est pas une pièce de musée. Elle vit parce que chaque génération la
        > joue à sa manière.

        Des projets d'archives sonores visent aussi à préserver les enregistrements anciens,
        menacés par le temps.
        """,
        category="musique",
        country="CD",
        author="florence.adjovi",
        days_ago=28,
    ),
    DemoArticle(
        slug="paris-salon-auteurs-africains",
        title="Paris : les auteurs africains à l'honneur d'un salon du livre",
        standfirst="""Romanciers, poètes et essayistes du continent ont rencontré leurs lecteurs
        lors de tables rondes très suivies.""",
        body="""
        Le stand consacré aux littératures africaines ne désemplissait pas. Les éditeurs
        indépendants du continent ont pu y présenter leurs catalogues à un public curieux.

        Les débats ont notamment porté sur la diffusion des livres en Afrique même, où les
        prix restent souvent élevés et les librairies rares en dehors des capitales.

        Plusieurs auteurs ont plaidé pour des coéditions entre maisons africaines et
        européennes, afin que les livres soient vendus moins cher sur le continent.
        """,
        category="livres",
        country="FR",
        author="florence.adjovi",
        days_ago=34,
    ),
    # --- Tribunes (hors menu) ----------------------------------------------------------------
    DemoArticle(
        slug="tribune-presse-locale-independante",
        title="Tribune : pour une presse locale forte et indépendante",
        standfirst="""Les radios communautaires et les journaux régionaux sont indispensables à
        la vie démocratique. Ils méritent d'être soutenus.""",
        body="""
        Dans bien des communes, la radio locale est la seule source d'information sur les
        décisions du conseil municipal, les campagnes de vaccination ou les prix des marchés.
        Pourtant, ces médias vivent souvent dans une grande précarité.

        Un soutien public transparent, fondé sur des critères clairs, permettrait de les
        aider sans les rendre dépendants. La formation des journalistes locaux doit aussi
        être une priorité.

        Une presse locale solide, c'est une démocratie qui se vit au plus près des
        citoyens. Il est temps de la considérer comme un bien commun.
        """,
        category="tribunes",
        country=None,
        author="aminata.sow",
        days_ago=39,
        comments_open=False,
    ),
)
